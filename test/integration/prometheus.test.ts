import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Partitioners } from 'kafkajs';
import { stringify } from 'yaml';
import { localRegistryUrl } from '../../src/config/local-stack.ts';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { encodeConfluent } from '../../src/encode/confluent.ts';
import { schemaNamed } from '../../src/encode/load-schemas.ts';
import { parseSchema } from '../../src/encode/parse-schema.ts';
import { RegistryClient } from '../../src/encode/registry-client.ts';
import { loadSchemas } from '../../src/kinds/schemas.ts';
import { sampleRecord } from '../../src/sink/document/fixtures/sample-records.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, startCli } from './support/child.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import {
  groupingLabels,
  loadAlertRules,
  loadDashboard,
  metricNames,
  panelQueries,
  rulesFile,
  selectors,
  substitute,
  withoutThresholds,
} from './support/promql.ts';
import { kafka, pgUrl, requireStack, settings } from './support/stack.ts';
import { tcpProxy } from './support/tcp-proxy.ts';

// A real Prometheus (Debian's package) scrapes a running `profile-cdc run` every second and evaluates
// the alert rules; every dashboard query and every alert expression is then asked of it.

const installed = spawnSync('prometheus', ['--version']);
const skip = installed.error
  ? 'prometheus is not installed (apt-get install -y prometheus; .ci/run installs it)'
  : false;

// The privacy guard drops nothing that comes through the normaliser (it is the second line of defence),
// so the test makes a drop the way one happens for real: a record written with a newer schema, from the
// schema registry, whose device has a field the index mapping lacks. The registry is optional for
// developers (without it that one metric's panel and alert are skipped here); CI starts it.
const registryUrl = localRegistryUrl(settings);
const registryUp = await fetch(`${registryUrl}/subjects`, { signal: AbortSignal.timeout(3000) })
  .then((res) => res.status === 200)
  .catch(() => false);
const useRegistry = registryUp || process.env.CI === 'true';
const drops = 'profile_cdc_sink_privacy_dropped_fields_total';
const noDrops = useRegistry
  ? false
  : `no privacy-guard drop without the schema registry (npx profile-cdc stack up --services schema-registry)`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

type Sample = { metric: Record<string, string>; value: [number, string] };
type QueryResponse = {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: 'vector' | 'matrix' | 'scalar' | 'string'; result: Sample[] | [number, string] };
};

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let pipeline: ChildProcess | undefined;
let prometheus: ChildProcess | undefined;
let prom = '';
const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));

async function get<T>(path: string, params: Record<string, string | string[]> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) query.append(k, one);
  return (await (await fetch(`${prom}${path}?${query}`)).json()) as T;
}

const query = (expr: string) => get<QueryResponse>('/api/v1/query', { query: expr });

/** The samples of an instant query; throws on a query error. */
async function samples(expr: string): Promise<Sample[]> {
  const r = await query(expr);
  if (r.status !== 'success') throw new Error(`${expr}: ${r.error}`);
  return r.data?.resultType === 'vector' ? (r.data.result as Sample[]) : [];
}

/** The single value of an aggregating query, or undefined while it has none. */
const scalar = async (expr: string) => {
  const [first] = await samples(expr);
  return first ? Number(first.value[1]) : undefined;
};

/** Every condition is read from Prometheus itself: once it holds, Prometheus has the samples. */
const until = (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) =>
  waitFor(check, { timeoutMs, intervalMs: 500, what });

before(
  async () => {
    if (skip) return;
    await requireStack();
    if (useRegistry && !registryUp)
      throw new Error(`CI=true but no schema registry answers ${registryUrl}; .ci/run must start it`);
    fx = await pipelineFixture('it_prom');
    // Rows before the slot exists: the snapshot has something to read, so its metrics move.
    await Promise.all(
      fx.connectors.map((c) =>
        generateRows({ connector: c, url: pgUrl(c.database), rows: 50, seed: 'snap' }),
      ),
    );
    // Elasticsearch behind a proxy the test can cut, to make the sink retry.
    proxy = await tcpProxy(settings.es.host, settings.es.port);
    const metricsPort = await freePort();
    pipeline = startCli(
      ['run'],
      {
        ...fx.env,
        PROFILE_CDC_METRICS_PORT: String(metricsPort),
        PROFILE_CDC_ES_NODE: proxy.url,
        ...(useRegistry ? { PROFILE_CDC_SCHEMA_REGISTRY_URL: registryUrl } : {}),
      },
      join(dir, 'pipeline.log'),
    );

    const promPort = await freePort();
    prom = `http://127.0.0.1:${promPort}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: [rulesFile],
        scrape_configs: [
          { job_name: 'profile-cdc', static_configs: [{ targets: [`127.0.0.1:${metricsPort}`] }] },
        ],
      }),
    );
    const log = createWriteStream(join(dir, 'prometheus.log'));
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.pipe(log);
    prometheus.stderr?.pipe(log);
    await waitFor(async () => (await fetch(`${prom}/-/ready`)).ok, {
      timeoutMs: 30_000,
      what: `Prometheus ready (log: ${join(dir, 'prometheus.log')})`,
    });
    await until('Prometheus scraping the pipeline: up{job="profile-cdc"} == 1', async () => {
      return (await scalar('up{job="profile-cdc"} == 1')) === 1;
    });
    await until('four connectors streaming (snapshots done)', async () => {
      return (await scalar('sum(profile_cdc_source_streaming)')) === 4;
    });

    // Rows, a row the source cannot read, a message the sink cannot decode, a field the guard drops.
    await Promise.all(
      fx.connectors.map((c) =>
        generateRows({ connector: c, url: pgUrl(c.database), rows: 100, seed: 'prom' }),
      ),
    );
    const prereg = fx.connector('prereg');
    await fx.query(
      prereg,
      "INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ('broken-1', '{not json', 'prereg-service', now())",
    );
    const producer = kafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const topic = `${fx.name}.${prereg.schema}.${prereg.table}`;
    await producer.send({
      topic,
      messages: [{ key: 'garbage-1', value: Buffer.from('neither single-object nor Confluent Avro') }],
    });
    if (useRegistry) await producer.send({ topic, messages: [await evolvedRecord()] });
    await producer.disconnect();

    // Elasticsearch unreachable while rows arrive: the sink retries (status 0), then gets through.
    await until('the first documents indexed', async () => {
      return ((await scalar('sum(profile_cdc_sink_documents_total{result="indexed"})')) ?? 0) > 200;
    });
    proxy.cut();
    const ida = fx.connector('ida');
    await generateRows({ connector: ida, url: pgUrl(ida.database), rows: 20, seed: 'outage' });
    await until('a sink retry', async () => ((await scalar('sum(profile_cdc_sink_retries_total)')) ?? 0) > 0);
    proxy.restore();

    const expected = await Promise.all(fx.connectors.map((c) => fx.tableCount(c)));
    const rows = expected.reduce((a, b) => a + b, 0);
    // Every row but the unreadable one reaches Elasticsearch, and so does the evolved record.
    const documents = rows - 1 + (useRegistry ? 1 : 0);
    await until(
      `${documents} documents, every dead letter and drop counted, all dependencies up, consumer lag 0`,
      async () =>
        (await scalar('sum(profile_cdc_sink_documents_total{result="indexed"})')) === documents &&
        (await scalar('sum(profile_cdc_source_dead_letters_total)')) === 1 &&
        (await scalar('sum(profile_cdc_sink_documents_total{result="dead-lettered"})')) === 1 &&
        (!useRegistry || (await scalar(`sum(${drops})`)) === 1) &&
        ((await scalar('sum(profile_cdc_end_to_end_latency_seconds_count)')) ?? 0) > 0 &&
        (await scalar('count(profile_cdc_source_slot_lag_bytes)')) === 4 &&
        (await scalar('min(profile_cdc_dependency_up)')) === 1 &&
        (await scalar('count(profile_cdc_dependency_up)')) === 3 &&
        (await scalar('sum(profile_cdc_sink_consumer_lag)')) === 0,
      90_000,
    );
  },
  { timeout: 180_000 },
);

after(async () => {
  for (const child of [prometheus, pipeline]) {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
  await proxy?.close();
  rmSync(join(dir, 'data'), { recursive: true, force: true }); // the logs stay, for a failure
  if (useRegistry && fx) {
    // The subjects the pipeline and the test registered, deleted for good.
    const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
    for (const subject of subjects.filter((s) => s.startsWith(fx.name))) {
      for (const permanent of ['', '?permanent=true']) {
        await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}${permanent}`, {
          method: 'DELETE',
        }).catch(() => undefined);
      }
    }
  }
  await fx?.close();
});

type AvroRecord = { type: 'record'; name: string; fields: { name: string; type: unknown }[] };

/** The record type in a field's type (itself, or the record of a ["null", record] union). */
function recordOf(record: AvroRecord, name: string): AvroRecord {
  const type = record.fields.find((f) => f.name === name)?.type;
  const found = [type].flat().find((t): t is AvroRecord => (t as AvroRecord)?.type === 'record');
  if (!found) throw new Error(`no record in field ${name} of ${record.name}`);
  return found;
}

/**
 * A prereg change in the Confluent wire format, written with registration.avsc evolved the compatible
 * way (device gains an optional imei), registered under a scratch subject: the sink decodes it with
 * that writer schema, and the guard drops device.imei, which the index mapping lacks.
 */
async function evolvedRecord(): Promise<{ key: string; value: Buffer }> {
  const schema = JSON.parse(schemaNamed(loadSchemas(), 'registration').json) as AvroRecord;
  recordOf(recordOf(schema, 'profile'), 'device').fields.push({
    name: 'imei',
    type: ['null', 'string'],
    default: null,
  } as AvroRecord['fields'][number]);
  const json = JSON.stringify(schema);
  const id = await new RegistryClient({ url: registryUrl }).register(`${fx.name}-evolved-value`, json);
  const { record } = sampleRecord('prereg');
  const change = {
    ...record,
    op: 'c',
    source: { ...record.source, connector: 'prereg', commitTime: new Date().toISOString() },
    row: { ...record.row, id: 'evolved-1' },
    profile: {
      ...record.profile,
      device: {
        id: '10002',
        software: 'registration-client',
        version: '1.2.0',
        os: 'Android',
        browser: null,
        browserVersion: null,
        year: '2024',
        imei: '356938035643809',
      },
    },
  };
  return { key: 'evolved-1', value: encodeConfluent(id, parseSchema(json), change) };
}

/** Label names of each metric, from the series Prometheus holds. */
const labelCache = new Map<string, Set<string>>();
async function labelsOf(metric: string): Promise<Set<string>> {
  let labels = labelCache.get(metric);
  if (!labels) {
    const r = await get<{ data: string[] }>('/api/v1/labels', { 'match[]': metric });
    labels = new Set(r.data);
    labelCache.set(metric, labels);
  }
  return labels;
}

/**
 * (a) Prometheus accepts the query, (b) each metric it names has series in Prometheus, and each label
 * its matchers and by/on clauses name is a label of those series. Returns the query's samples.
 */
async function check(what: string, expr: string, names: Set<string>): Promise<Sample[]> {
  const r = await query(expr);
  assert.equal(r.status, 'success', `${what}: ${r.error} in ${expr}`);
  const metrics = metricNames(expr);
  assert.ok(metrics.length > 0, `${what}: names no metric: ${expr}`);
  for (const m of metrics) assert.ok(names.has(m), `${what}: Prometheus has no metric ${m} (${expr})`);
  for (const s of selectors(expr)) {
    const labels = await labelsOf(s.name);
    for (const l of s.labels) assert.ok(labels.has(l), `${what}: ${s.name} has no label ${l} (${expr})`);
  }
  const all = new Set<string>();
  for (const m of metrics) for (const l of await labelsOf(m)) all.add(l);
  for (const l of groupingLabels(expr)) assert.ok(all.has(l), `${what}: no metric has label ${l} (${expr})`);
  return r.data?.resultType === 'vector' || r.data?.resultType === 'matrix'
    ? (r.data.result as Sample[])
    : [];
}

const metricNamesInPrometheus = async () =>
  new Set((await get<{ data: string[] }>('/api/v1/label/__name__/values')).data);

type RulesResponse = {
  data: {
    groups: {
      rules: {
        name: string;
        type: string;
        health: string;
        lastError?: string;
        state?: string;
        lastEvaluation: string;
      }[];
    }[];
  };
};

test('Prometheus loaded every alert rule and evaluates each without error', {
  skip,
  timeout: 60_000,
}, async () => {
  const expected = loadAlertRules()
    .map((r) => r.alert)
    .sort();
  let rules: RulesResponse['data']['groups'][number]['rules'] = [];
  await waitFor(
    async () => {
      rules = (await get<RulesResponse>('/api/v1/rules')).data.groups.flatMap((g) => g.rules);
      return rules.length === expected.length && rules.every((r) => r.health === 'ok');
    },
    {
      timeoutMs: 30_000,
      what: () =>
        `every rule evaluated: ${JSON.stringify(rules.map((r) => [r.name, r.health, r.lastError]))}`,
    },
  );
  assert.deepEqual(rules.map((r) => r.name).sort(), expected);
  assert.ok(rules.every((r) => r.type === 'alerting'));
});

test('every dashboard query is valid, names existing metrics and labels, and returns data', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const names = await metricNamesInPrometheus();
  const dashboard = loadDashboard();
  for (const q of panelQueries(dashboard)) {
    await t.test(`${q.panel} / ${q.refId}`, { skip: q.expr.includes(drops) && noDrops }, async () => {
      const expr = substitute(q.expr);
      const result = await check(q.panel, expr, names);
      assert.ok(result.length > 0, `${q.panel}: no data for ${expr}`);
      const nan = result.filter((s) => Number.isNaN(Number(s.value[1]))).length;
      if (nan > 0) t.diagnostic(`${q.panel}/${q.refId}: ${nan} of ${result.length} series NaN now (no rate)`);
    });
  }
  for (const v of dashboard.templating.list.filter((v) => v.type === 'query')) {
    await t.test(`variable $${v.name}`, async () => {
      const definition = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
      const m = /^label_values\((\w+),\s*(\w+)\)$/.exec(definition);
      assert.ok(m, `${v.name}: ${definition}`);
      const [, metric, label] = m;
      assert.ok(names.has(metric as string), `$${v.name}: no metric ${metric}`);
      const values = await get<{ data: string[] }>(`/api/v1/label/${label}/values`, {
        'match[]': metric as string,
      });
      assert.ok(values.data.length > 0, `$${v.name}: no values of ${label} on ${metric}`);
    });
  }
});

test('every alert expression is valid, names existing metrics and labels, and what it compares returns data', {
  skip,
  timeout: 120_000,
}, async (t) => {
  const names = await metricNamesInPrometheus();
  for (const rule of loadAlertRules()) {
    await t.test(rule.alert, { skip: rule.expr.includes(drops) && noDrops }, async () => {
      await check(rule.alert, rule.expr, names);
      const compared = withoutThresholds(rule.expr);
      assert.notEqual(compared, rule.expr, `${rule.alert}: compares to a threshold`);
      const result = await check(`${rule.alert} without its thresholds`, compared, names);
      assert.ok(result.length > 0, `${rule.alert}: no data for ${compared}`);
    });
  }
});

test('the dead-letter (and privacy-guard) alerts fire on the real pipeline; the others stay silent', {
  skip,
  timeout: 60_000,
}, async () => {
  type Alerts = { data: { alerts: { labels: Record<string, string>; state: string }[] } };
  let alerts: Alerts['data']['alerts'] = [];
  const firing = (name: string) =>
    alerts.filter((a) => a.labels.alertname === name && a.state === 'firing').map((a) => a.labels);
  await waitFor(
    async () => {
      alerts = (await get<Alerts>('/api/v1/alerts')).data.alerts;
      return (
        firing('ProfileCdcSourceDeadLetters').length > 0 &&
        firing('ProfileCdcSinkDeadLetters').length > 0 &&
        (!useRegistry || firing('ProfileCdcPrivacyGuardDrops').length > 0)
      );
    },
    { timeoutMs: 30_000, what: () => `the alerts to fire: ${JSON.stringify(alerts)}` },
  );
  assert.deepEqual(
    firing('ProfileCdcSourceDeadLetters').map((l) => l.connector),
    ['prereg'],
  );
  assert.deepEqual(
    firing('ProfileCdcSinkDeadLetters').map((l) => l.connector),
    ['prereg'],
  );
  if (useRegistry) {
    assert.deepEqual(
      firing('ProfileCdcPrivacyGuardDrops').map((l) => [l.index, l.field]),
      [[fx.connector('prereg').index, 'device.imei']],
    );
  }
  // A healthy pipeline: these expressions are empty, so the alerts are not even pending. (The sink's
  // retries are recent, so ProfileCdcSinkRetrying may be pending: it fires only after 10 minutes.)
  const healthy = [
    'ProfileCdcDown',
    'ProfileCdcDependencyDown',
    'ProfileCdcSlotLagGrowing',
    'ProfileCdcSlotLagCritical',
    'ProfileCdcConsumerLagHigh',
    'ProfileCdcConsumerLagGrowing',
    'ProfileCdcNoEventsRead',
    'ProfileCdcEndToEndLatencyHigh',
    'ProfileCdcSourceNotStreaming',
    'ProfileCdcSourceReconnecting',
    'ProfileCdcRestarting',
  ];
  // The Elasticsearch cut earlier left ProfileCdcDependencyDown pending until the next rule evaluation
  // after the recovery was scraped: wait for the rules to catch up, then none may remain.
  const unhealthy = () => alerts.filter((a) => healthy.includes(a.labels.alertname ?? ''));
  await waitFor(
    async () => {
      alerts = (await get<Alerts>('/api/v1/alerts')).data.alerts;
      return unhealthy().length === 0;
    },
    {
      timeoutMs: 30_000,
      what: () => `no alert about a healthy pipeline, in any state: ${JSON.stringify(unhealthy())}`,
    },
  );
  assert.deepEqual(unhealthy(), [], 'no alert about a healthy pipeline, in any state');
});

test('Prometheus and the pipeline stop on SIGTERM', { skip, timeout: 60_000 }, async () => {
  for (const [name, child] of [
    ['prometheus', prometheus],
    ['pipeline', pipeline],
  ] as const) {
    assert.ok(child, name);
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0, `${name} exits cleanly`);
  }
});
