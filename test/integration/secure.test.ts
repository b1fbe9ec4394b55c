/**
 * The pipeline through TLS and SASL against real servers: a private secured stack (PostgreSQL with TLS
 * and scram-sha-256 for a least-privilege role made by `setup --print-sql`; Kafka on SASL_SSL with
 * SCRAM-SHA-512 and ACLs enforced, granted from `pipelineAcls`), and the shared Elasticsearch behind an
 * https proxy that checks the API key. End to end, then each way a setting can be wrong.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/pipeline.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { loadConnectors } from '../../src/connectors/load.ts';
import { ddlByDatabase } from '../../src/dev/fixture/schema.ts';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { type SecureStack, secureStack } from '../../src/dev/stack/secure.ts';
import { stackSettings } from '../../src/dev/stack/settings.ts';
import { LocalStack } from '../../src/dev/stack/stack.ts';
import { issueCertificate } from '../../src/dev/stack/tls.ts';
import { grantAcls, pipelineAcls } from '../../src/kafka/acls.ts';
import { setupSql } from '../../src/source/setup.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, freePort, startCli } from './support/child.ts';
import { elasticsearch, settings as mainStack, requireStack } from './support/stack.ts';
import { elasticsearchTlsProxy } from './support/tls-proxy.ts';

const work = mkdtempSync(join(tmpdir(), 'secure-'));
chmodSync(work, 0o755); // PostgreSQL runs as the stack's own user when started by root
const es = elasticsearch();
let stack: LocalStack;
let secure: SecureStack;
let connector: Connector;
let pgPort: number;
let kafkaPort: number;
const apiKey = Buffer.from(
  `profile-cdc-test:${Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url')}`,
).toString('base64');
const proxies: Awaited<ReturnType<typeof elasticsearchTlsProxy>>[] = [];
let proxy: Awaited<ReturnType<typeof elasticsearchTlsProxy>>;
let otherCaFile: string;

const superuser = (database: string) => `postgres://postgres@127.0.0.1:${pgPort}/${database}`;

/** Runs a psql-style script (`\connect db` switches database) as the superuser. */
async function runScript(script: string): Promise<void> {
  let database = 'postgres';
  for (const block of script.split(/^\\connect (\S+)$/m)) {
    if (/^\w+$/.test(block.trim()) && !block.includes(' ')) {
      database = block.trim();
      continue;
    }
    const db = new pg.Client({ connectionString: superuser(database) });
    await db.connect();
    try {
      await db.query(block);
    } finally {
      await db.end();
    }
  }
}

function adminKafka() {
  return new Kafka({
    brokers: [`127.0.0.1:${kafkaPort}`],
    ssl: { ca: [secure.tls.ca.cert] },
    sasl: { mechanism: 'scram-sha-512', ...secure.credentials.kafkaAdmin },
    logLevel: logLevel.NOTHING,
  });
}

before(async () => {
  await requireStack();
  [pgPort, kafkaPort] = [await freePort(), await freePort()];
  const settings = stackSettings({
    ...process.env,
    PROFILE_CDC_STATE_DIR: join(work, 'stack'),
    PROFILE_CDC_PG_PORT: String(pgPort),
    PROFILE_CDC_KAFKA_PORT: String(kafkaPort),
    PROFILE_CDC_KAFKA_CONTROLLER_PORT: String(await freePort()),
    PROFILE_CDC_KAFKA_HEAP: '384m',
    PROFILE_CDC_STACK_SECURE: 'true',
    PROFILE_CDC_STACK_CLUSTER: 'false',
  });
  stack = await LocalStack.open(['postgresql', 'kafka'], settings);
  await stack.up();
  secure = await secureStack(settings);

  const prereg = loadConnectors().find((c) => c.name === 'prereg') as Connector;
  connector = { ...prereg, index: `it-secure-${Date.now().toString(36)}-prereg` };
  await runScript(`CREATE DATABASE ${prereg.database}`);
  await runScript(`\\connect ${prereg.database}\n${ddlByDatabase().get(prereg.database)}`);
  const role = secure.credentials.pgPipeline;
  await runScript(setupSql([connector], role.user).replace('<choose a password>', role.password));

  const config = loadConfig(undefined, {});
  const admin = adminKafka().admin();
  await admin.connect();
  try {
    for (const part of ['source', 'sink'] as const)
      await grantAcls(
        admin,
        pipelineAcls(config.kafka, config.sink.groupId, part),
        `User:${secure.credentials.kafkaPipeline.username}`,
      );
  } finally {
    await admin.disconnect();
  }

  const upstream = `http://${mainStack.es.host}:${mainStack.es.port}`;
  proxy = await elasticsearchTlsProxy({ ...secure.tls.server, upstream, apiKey });
  proxies.push(proxy);
  const otherCa = await issueCertificate({ commonName: 'another CA', hosts: [] });
  otherCaFile = join(work, 'other-ca.pem');
  writeFileSync(otherCaFile, otherCa.cert);
  mkdirSync(join(work, 'connectors'));
  writeFileSync(join(work, 'connectors', 'prereg.yaml'), stringify(connector));
});

after(async () => {
  for (const p of proxies) await p.close();
  await stack?.down();
  await es.indices.delete({ index: `${connector?.index}*`, ignore_unavailable: true }).catch(() => undefined);
  await es.close();
  rmSync(work, { recursive: true, force: true });
});

/** The environment of a pipeline that uses every secured setting; `change` breaks one of them. */
function secureEnv(change: Record<string, string> = {}): Record<string, string> {
  return {
    PROFILE_CDC_CONNECTORS_DIR: join(work, 'connectors'),
    PROFILE_CDC_CONNECTORS: 'prereg',
    PROFILE_CDC_PG_HOST: '127.0.0.1',
    PROFILE_CDC_PG_PORT: String(pgPort),
    PROFILE_CDC_PG_USER: secure.credentials.pgPipeline.user,
    PROFILE_CDC_PG_PASSWORD: secure.credentials.pgPipeline.password,
    PROFILE_CDC_PG_SSL: 'verify-full',
    PROFILE_CDC_PG_SSL_ROOT_CERT: secure.tls.caFile,
    PROFILE_CDC_KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    PROFILE_CDC_KAFKA_TLS: 'true',
    PROFILE_CDC_KAFKA_TLS_CA_FILE: secure.tls.caFile,
    PROFILE_CDC_KAFKA_SASL_MECHANISM: 'scram-sha-512',
    PROFILE_CDC_KAFKA_SASL_USERNAME: secure.credentials.kafkaPipeline.username,
    PROFILE_CDC_KAFKA_SASL_PASSWORD: secure.credentials.kafkaPipeline.password,
    PROFILE_CDC_ES_NODE: proxy.url,
    PROFILE_CDC_ES_API_KEY: apiKey,
    PROFILE_CDC_ES_CA_FILE: secure.tls.caFile,
    PROFILE_CDC_HEARTBEAT_MS: '500',
    PROFILE_CDC_METRICS_PORT: '0',
    ...change,
  };
}

/** Every secret of the secured set-up, as given and base64-encoded (as an Authorization header would carry it). */
function secrets(): string[] {
  const { kafkaAdmin, kafkaPipeline, pgPipeline } = secure.credentials;
  const plain = [kafkaAdmin.password, kafkaPipeline.password, pgPipeline.password, apiKey];
  const apiSecret = Buffer.from(apiKey, 'base64').toString().split(':')[1] as string;
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  return [
    ...plain,
    apiSecret,
    ...plain.map(b64),
    b64(`${kafkaPipeline.username}:${kafkaPipeline.password}`),
    b64(`${pgPipeline.user}:${pgPipeline.password}`),
  ];
}

function assertNoSecret(text: string, what: string): void {
  for (const secret of secrets())
    assert.ok(!text.includes(secret), `${what} holds a secret (${secret.slice(0, 3)}...)`);
}

async function documents(): Promise<number> {
  await es.indices.refresh({ index: connector.index }).catch(() => undefined);
  return es.count({ index: connector.index }).then(
    (r) => r.count,
    () => 0,
  );
}

test('end to end through PostgreSQL verify-full + scram, Kafka SASL_SSL + SCRAM-SHA-512 with ACLs, Elasticsearch https + API key; no secret in the logs', {
  timeout: 240_000,
}, async () => {
  const url = `postgres://postgres@127.0.0.1:${pgPort}/${connector.database}`;
  await generateRows({ connector, url, rows: 30, seed: 'secure-snapshot' });
  const logFile = join(work, 'run.log');
  const port = await freePort();
  const child = startCli(
    ['run'],
    secureEnv({ PROFILE_CDC_METRICS_PORT: String(port), PROFILE_CDC_METRICS_HOST: '127.0.0.1' }),
    logFile,
  );
  let endpoints = '';
  try {
    await waitFor(async () => (await documents()) >= 30, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'the snapshot rows in Elasticsearch',
    });
    await generateRows({ connector, url, rows: 20, seed: 'secure-stream' });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${connector.schema}.${connector.table}`,
    );
    await db.end();
    await waitFor(async () => (await documents()) === rows[0]?.n, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'the streamed rows in Elasticsearch',
    });
    for (const path of ['/metrics', '/healthz', '/readyz'])
      endpoints += await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.text());
    const db2 = new pg.Client({ connectionString: url });
    await db2.connect();
    const ids = (await db2.query<{ id: string }>(`SELECT id FROM ${connector.schema}.${connector.table}`))
      .rows;
    await db2.end();
    assert.match(endpoints, /profile_cdc_source_events_published_total/);
    for (const { id } of ids) assert.ok(!endpoints.includes(id), 'no row id on the endpoints');
    assertNoSecret(endpoints, 'the metrics and health endpoints');
    for (const value of [secure.tls.caFile, `127.0.0.1:${kafkaPort}`, proxy.url, connector.database])
      assert.ok(!endpoints.includes(value), `no configuration value on the endpoints (${value})`);
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
  assert.ok(proxy.authorizations.length > 0);
  assert.ok(
    proxy.authorizations.every((a) => a === `ApiKey ${apiKey}`),
    'every request carried the API key',
  );
  const log = readFileSync(logFile, 'utf8');
  assertNoSecret(log, 'the pipeline log');
  const problems = log.split('\n').filter((l) => /"level":(40|50|60)/.test(l));
  assert.deepEqual(problems, [], 'a healthy start logs no warning or error');
});

test('each wrong setting fails the start cleanly, naming the setting (exit code 2), with no secret in the output', {
  timeout: 240_000,
}, async () => {
  const wrongHost = await issueCertificate(
    { commonName: 'elsewhere.example', hosts: ['elsewhere.example'] },
    secure.tls.ca,
  );
  const expired = await issueCertificate(
    {
      commonName: 'localhost',
      hosts: ['localhost', '127.0.0.1'],
      notBefore: new Date('2024-01-01'),
      notAfter: new Date('2025-01-01'),
    },
    secure.tls.ca,
  );
  const upstream = `http://${mainStack.es.host}:${mainStack.es.port}`;
  const wrongHostProxy = await elasticsearchTlsProxy({ ...wrongHost, upstream, apiKey });
  const expiredProxy = await elasticsearchTlsProxy({ ...expired, upstream, apiKey });
  proxies.push(wrongHostProxy, expiredProxy);
  const cases: { name: string; change: Record<string, string>; setting: string; says: RegExp }[] = [
    {
      name: 'PostgreSQL: another CA',
      change: { PROFILE_CDC_PG_SSL_ROOT_CERT: otherCaFile },
      setting: 'postgres.sslRootCert',
      says: /not signed by a trusted CA/,
    },
    {
      name: 'PostgreSQL: wrong password',
      change: { PROFILE_CDC_PG_PASSWORD: 'not-the-password' },
      setting: 'postgres.password',
      says: /refused the password/,
    },
    {
      name: 'PostgreSQL: without TLS',
      change: { PROFILE_CDC_PG_SSL: 'disable' },
      setting: 'postgres.ssl',
      says: /only over TLS/,
    },
    {
      name: 'Kafka: another CA',
      change: { PROFILE_CDC_KAFKA_TLS_CA_FILE: otherCaFile },
      setting: 'kafka.tlsCaFile',
      says: /not signed by a trusted CA/,
    },
    {
      name: 'Kafka: wrong password',
      change: { PROFILE_CDC_KAFKA_SASL_PASSWORD: 'not-the-password' },
      setting: 'kafka.sasl.password',
      says: /refused the SASL credentials/,
    },
    {
      name: 'Elasticsearch: another CA',
      change: { PROFILE_CDC_ES_CA_FILE: otherCaFile },
      setting: 'elasticsearch.caFile',
      says: /not signed by a trusted CA/,
    },
    {
      name: 'Elasticsearch: wrong API key',
      change: { PROFILE_CDC_ES_API_KEY: Buffer.from('x:y').toString('base64') },
      setting: 'elasticsearch.apiKey',
      says: /refused the credentials \(401\)/,
    },
    {
      name: 'Elasticsearch: a certificate for another host',
      change: { PROFILE_CDC_ES_NODE: wrongHostProxy.url },
      setting: 'elasticsearch.node',
      says: /not issued for this host name/,
    },
    {
      name: 'Elasticsearch: an expired certificate',
      change: { PROFILE_CDC_ES_NODE: expiredProxy.url },
      setting: 'elasticsearch.node',
      says: /expired/,
    },
  ];
  const report: string[] = [];
  for (const c of cases) {
    const logFile = join(work, `fail-${cases.indexOf(c)}.log`);
    const child = startCli(['run'], secureEnv(c.change), logFile);
    const code = await Promise.race([
      exited(child),
      new Promise<string>((r) => setTimeout(() => r('still running'), 60_000)),
    ]);
    if (code === 'still running') child.kill('SIGKILL');
    const output = readFileSync(logFile, 'utf8');
    assert.equal(code, 2, `${c.name}: exit code 2, got ${code}\n${output}`);
    const line = output.split('\n').find((l) => l.startsWith('profile-cdc: configuration error')) ?? '';
    assert.ok(line.includes(c.setting), `${c.name}: names ${c.setting}: ${output}`);
    assert.match(output, c.says, c.name);
    assertNoSecret(output, c.name);
    report.push(`${c.name}: ${output.trim().split('\n').slice(-1)[0]}`);
  }
  process.stdout.write(`${report.join('\n')}\n`);
});

test("ACLs are enforced: without its WRITE grant, the table's records are refused and become dead letters naming the missing grant", {
  timeout: 120_000,
}, async () => {
  const kafkajs = (await import('kafkajs')).default;
  const config = loadConfig(undefined, {});
  const principal = `User:${secure.credentials.kafkaPipeline.username}`;
  const write = {
    resourceType: kafkajs.AclResourceTypes.TOPIC,
    resourceName: `${config.kafka.topicPrefix}.`,
    resourcePatternType: kafkajs.ResourcePatternTypes.PREFIXED,
    principal,
    host: '*',
    operation: kafkajs.AclOperationTypes.WRITE,
    permissionType: kafkajs.AclPermissionTypes.ALLOW,
  };
  const admin = adminKafka().admin();
  await admin.connect();
  await admin.deleteAcls({ filters: [write] });
  const logFile = join(work, 'acl.log');
  const child = startCli(['run'], secureEnv(), logFile);
  try {
    const before = await documents();
    const url = `postgres://postgres@127.0.0.1:${pgPort}/${connector.database}`;
    await generateRows({ connector, url, rows: 5, seed: 'secure-acl' });
    const refused = await waitFor(
      () =>
        readFileSync(logFile, 'utf8')
          .split('\n')
          .find((l) => l.includes('TOPIC_AUTHORIZATION_FAILED') && l.includes('dead-letter')),
      { timeoutMs: 60_000, intervalMs: 250, what: 'a record refused for the missing ACL' },
    );
    assert.match(refused, /setup --print-kafka-acls/, 'the reason says where the grants are');
    assert.equal(await documents(), before, 'nothing reached Elasticsearch through the refused topic');
  } finally {
    child.kill('SIGTERM');
    await exited(child);
    await admin.createAcls({ acl: [write] });
    await admin.disconnect();
  }
  assertNoSecret(readFileSync(logFile, 'utf8'), 'the log');
});
