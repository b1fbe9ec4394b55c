/**
 * npm run chaos [-- --profile short|full] [--cluster] [--keep]: the pipeline under steady load on all four tables, through
 * kill -9 at random points, a restart of Kafka, Elasticsearch and PostgreSQL each, updates, soft and hard
 * deletes, malformed rows of many kinds, personal fields, and a full replay. It runs on a private stack
 * (own ports and state folder, removed at the end) so it is safe to rerun and disturbs nothing else. It
 * prints what it found and exits 1 on any lost, extra, stale or resurrected document, personal data in an
 * index, an outage readiness did not report, or a pipeline that did not converge.
 *
 * --cluster runs it on the cluster profile (three brokers, topics replicated 3 with min.insync.replicas 2;
 * two Elasticsearch nodes, indices with a replica) and, instead of whole-service outages, kills -9 one
 * broker and one Elasticsearch node under load: the pipeline must keep converging while each is down.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Client as Elasticsearch } from '@elastic/elasticsearch';
import pg from 'pg';
import { stringify } from 'yaml';
import { localEsUrls, localPgUrl } from '../../src/config/local-stack.ts';
import { loadConfig } from '../../src/config/pipeline.ts';
import { type Connector, topicOf } from '../../src/connectors/connector.ts';
import { loadConnectors, loadMasterConnectors } from '../../src/connectors/load.ts';
import { ddlByDatabase } from '../../src/dev/fixture/schema.ts';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { writeMasterData } from '../../src/dev/generate/master.ts';
import { createRowSource } from '../../src/dev/generate/row-source.ts';
import { type GeneratorTable, isGeneratorTable } from '../../src/dev/generate/source-row.ts';
import { liveClock } from '../../src/dev/generate/time.ts';
import { stackSettings } from '../../src/dev/stack/settings.ts';
import { LocalStack, type ServiceName } from '../../src/dev/stack/stack.ts';
import { kafkaClient } from '../../src/kafka/client.ts';
import { stateTopic } from '../../src/kafka/topics.ts';
import { readDeadLetters } from '../../src/operations/dead-letters/read.ts';
import { waitFor } from '../../src/util/wait.ts';
import { freePort } from '../integration/support/child.ts';
import { TableLoader } from './load.ts';
import { malformedKinds } from './malformed.ts';
import { PipelineProcess, ReadinessLog } from './pipeline.ts';
import { replication } from './replication.ts';
import { compare, tableTruth, type Verdict, visibleCount, visibleDocuments } from './verify.ts';

const profiles = {
  short: { seedRows: 4000, rate: 12, kills: 2, outageMs: 10_000, malformedPerTable: 40, convergeMs: 240_000 },
  full: { seedRows: 5000, rate: 30, kills: 5, outageMs: 20_000, malformedPerTable: 260, convergeMs: 300_000 },
} as const;

const { values: args } = parseArgs({
  options: {
    profile: { type: 'string', default: 'full' },
    cluster: { type: 'boolean', default: false },
    /** Keep the private stack's folder (logs of the pipeline and every service) even when it passes. */
    keep: { type: 'boolean', default: false },
  },
});
const profile = profiles[args.profile as keyof typeof profiles];
if (!profile) throw new Error(`--profile: short or full, not ${args.profile}`);
const started = Date.now();
const say = (text: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);

// --- a private stack: its own ports and state, so stopping its services disturbs nothing else ---
const work = mkdtempSync(join(tmpdir(), 'chaos-'));
chmodSync(work, 0o755); // PostgreSQL and Elasticsearch run as the stack's own user when started by root
const stackEnv = {
  ...process.env,
  PROFILE_CDC_STATE_DIR: join(work, 'stack'),
  PROFILE_CDC_PG_PORT: '25532',
  PROFILE_CDC_KAFKA_PORT: '29392',
  PROFILE_CDC_KAFKA_CONTROLLER_PORT: '29393',
  PROFILE_CDC_ES_PORT: '29400',
  PROFILE_CDC_ES_TRANSPORT_PORT: '29500',
  PROFILE_CDC_KAFKA_HEAP: '512m',
  PROFILE_CDC_ES_HEAP: '768m',
  PROFILE_CDC_STACK_CLUSTER: args.cluster ? 'true' : 'false',
};
const settings = stackSettings(stackEnv);
const stack = await LocalStack.open(['postgresql', 'kafka', 'elasticsearch'], settings);
const configFile = join(work, 'profile-cdc.yaml');
writeFileSync(configFile, stringify({ health: { probeIntervalMs: 1000, stallSeconds: 90 } }));
const pipelineEnv: Record<string, string> = {
  PROFILE_CDC_STATE_DIR: stackEnv.PROFILE_CDC_STATE_DIR,
  PROFILE_CDC_PG_PORT: stackEnv.PROFILE_CDC_PG_PORT,
  PROFILE_CDC_KAFKA_PORT: stackEnv.PROFILE_CDC_KAFKA_PORT,
  PROFILE_CDC_KAFKA_CONTROLLER_PORT: stackEnv.PROFILE_CDC_KAFKA_CONTROLLER_PORT,
  PROFILE_CDC_ES_PORT: stackEnv.PROFILE_CDC_ES_PORT,
  PROFILE_CDC_ES_TRANSPORT_PORT: stackEnv.PROFILE_CDC_ES_TRANSPORT_PORT,
  PROFILE_CDC_STACK_CLUSTER: stackEnv.PROFILE_CDC_STACK_CLUSTER,
  PROFILE_CDC_CONFIG: configFile,
  PROFILE_CDC_HEARTBEAT_MS: '1000',
  PROFILE_CDC_SHUTDOWN_GRACE_MS: '20000',
};
const config = loadConfig(configFile, { ...process.env, ...pipelineEnv });
const connectors = loadConnectors();
const pgUrl = (database: string) => localPgUrl(settings, database);
const es = new Elasticsearch({ nodes: localEsUrls(settings) });
const kafka = kafkaClient(config.kafka, 'chaos');
const tableOf = (c: Connector): GeneratorTable => {
  if (!isGeneratorTable(c.name)) throw new Error(`no generator for ${c.name}`);
  return c.name;
};

type Fault = {
  fault: string;
  at: string;
  convergeSeconds: number | null;
  notReady?: boolean;
  readyAgain?: boolean;
  /** One node of a cluster down: how long readiness said no, and why (reported, not required). */
  notReadyWhileNodeDown?: { notReadySeconds: number; reasons: string[] };
};
const faults: Fault[] = [];
/** Every pipeline process started, stopped for sure at the end whatever happened. */
const children: PipelineProcess[] = [];
let exitCode = 0;

try {
  say(`profile ${args.profile}${args.cluster ? ' on the cluster profile' : ''}: private stack in ${work}`);
  await stack.up((r) => say(`  ${r.name} ${r.outcome} (${r.seconds.toFixed(1)} s)`));
  const ddl = ddlByDatabase();
  const admin = new pg.Client({ connectionString: pgUrl('postgres') });
  await admin.connect();
  for (const c of connectors) await admin.query(`CREATE DATABASE ${c.database}`);
  // The master connectors run too (the default connectors folder): their database, with master data.
  const masterDatabases = [...new Set(loadMasterConnectors().map((m) => m.database))];
  for (const database of masterDatabases) await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  for (const database of masterDatabases) {
    const db = new pg.Client({ connectionString: pgUrl(database) });
    await db.connect();
    await db.query(ddl.get(database) as string);
    await db.end();
    await writeMasterData(pgUrl(database));
  }
  for (const c of connectors) {
    const db = new pg.Client({ connectionString: pgUrl(c.database) });
    await db.connect();
    await db.query(ddl.get(c.database) as string);
    await db.end();
    await generateRows({ connector: c, url: pgUrl(c.database), rows: profile.seedRows, seed: 'chaos' });
  }
  say(`seeded ${profile.seedRows} rows per table`);

  const loaders = connectors.map(
    (c) =>
      new TableLoader(
        c,
        tableOf(c),
        pgUrl(c.database),
        {
          rowsPerSecond: profile.rate,
          mix: { update: 8, softDelete: 2, hardDelete: 2, malformed: 4, personal: 2 },
          malformedTotal: profile.malformedPerTable,
        },
        'chaos',
      ),
  );
  for (const l of loaders) await l.adopt();

  const pipeline = new PipelineProcess('run', pipelineEnv, join(work, 'pipeline.log'), await freePort());
  children.push(pipeline);
  const readiness = new ReadinessLog(() => pipeline);
  readiness.start();

  // Markers: after a fault, a row per table whose arrival in Elasticsearch says the pipeline caught up.
  const markerSources = new Map(
    connectors.map((c) => [c.name, createRowSource(tableOf(c), { seed: 'chaos-marker', clock: liveClock })]),
  );
  async function converge(label: string, from: number): Promise<number | null> {
    const ids: { c: Connector; id: string }[] = [];
    for (const c of connectors) {
      const row = markerSources.get(c.name)?.next();
      if (!row) continue;
      const { id } = row; // a fresh id of the table's own form (the column takes 36 characters)
      const stage = c.name === 'regprc';
      await waitFor(
        async () => {
          const db = new pg.Client({ connectionString: pgUrl(c.database), connectionTimeoutMillis: 2000 });
          try {
            await db.connect();
            await db.query(
              `INSERT INTO ${c.schema}.${c.table} (id, ${stage ? 'process_stage, ' : ''}profile, cr_by, cr_dtimes) VALUES ($1, ${stage ? '$5, ' : ''}$2, $3, $4) ON CONFLICT DO NOTHING`,
              stage
                ? [id, row.profile, row.crBy, row.crDtimes, row.processStage]
                : [id, row.profile, row.crBy, row.crDtimes],
            );
            return true;
          } finally {
            await db.end().catch(() => undefined);
          }
        },
        { timeoutMs: 120_000, intervalMs: 500, what: `marker row in ${c.database}` },
      );
      ids.push({ c, id });
    }
    try {
      await waitFor(
        async () => {
          for (const { c, id } of ids) {
            const found = await es.exists({ index: c.index, id: `${c.name}:${id}` }).catch(() => false);
            if (!found) return false;
          }
          return true;
        },
        { timeoutMs: profile.convergeMs, intervalMs: 250, what: `${label}: the markers in Elasticsearch` },
      );
      return (Date.now() - from) / 1000;
    } catch {
      say(`  ${label}: did not converge in ${profile.convergeMs / 1000} s`);
      exitCode = 1;
      return null;
    }
  }

  // 1. kill -9 during the snapshot (or right after it, if it was quicker than the look).
  pipeline.start();
  let phase = 'start-up';
  await waitFor(
    async () => {
      // The snapshot jobs have planned their ranges and are reading them (or already finished).
      const running = (await pipeline.metric('profile_cdc_source_snapshot_running')) ?? 0;
      const read = (await pipeline.metric('profile_cdc_source_snapshot_rows_total')) ?? 0;
      phase = running > 0 ? 'snapshot' : read > 0 ? 'streaming' : phase;
      return running > 0 || read > 0;
    },
    { timeoutMs: 120_000, intervalMs: 50, what: 'the snapshot to start' },
  );
  await pipeline.kill();
  say(`kill -9 during the ${phase}`);
  pipeline.start();
  faults.push({
    fault: 'kill -9',
    at: phase,
    convergeSeconds: await converge('kill during snapshot', Date.now()),
  });

  const topics = [
    ...connectors.map((c) => topicOf(c, config.kafka.topicPrefix)),
    config.kafka.deadLetterTopic,
    stateTopic(config.kafka),
  ];
  const replicated = () =>
    replication(
      kafka,
      topics,
      es,
      connectors.map((c) => c.index),
    );
  if (args.cluster) {
    const r = await replicated();
    say(
      `replication: topics ${r.minReplicas} replicas (min.insync.replicas ${r.minInsyncSetting}), indices ${r.indexReplicas} replica(s)`,
    );
    if (r.minReplicas < 3 || r.minInsyncSetting < 2 || r.indexReplicas < 1) {
      say('  the cluster profile must replicate every topic 3 times (2 in sync) and every index once');
      exitCode = 1;
    }
  }

  for (const l of loaders) l.start();
  say(`steady load: ${profile.rate} rows/s per table, with updates, deletes, malformed and personal rows`);

  // 2. kill -9 at random points while it streams (bulk requests are in flight all the time under load).
  for (let k = 1; k < profile.kills; k++) {
    await delay(3000 + Math.random() * 6000);
    await pipeline.kill();
    const at = Date.now();
    say(`kill -9 while streaming (${k})`);
    pipeline.start();
    faults.push({ fault: 'kill -9', at: 'streaming', convergeSeconds: await converge(`kill ${k}`, at) });
  }

  // 3a. On a cluster: one broker, then one Elasticsearch node, killed under load; the rest must carry on.
  for (const service of args.cluster ? (['kafka', 'elasticsearch'] as ServiceName[]) : []) {
    await delay(3000);
    const from = Date.now();
    await stack.kill(service, 1);
    say(`kill -9 of one ${service === 'kafka' ? 'broker' : 'node'} of ${service}`);
    const whileDown = await converge(`${service} node down`, from);
    await delay(Math.max(0, from + profile.outageMs - Date.now()));
    const to = Date.now();
    await stack.start(service);
    say(`${service} node back`);
    faults.push({
      fault: `${service} node kill -9`,
      at: 'streaming, node still down',
      convergeSeconds: whileDown,
      notReadyWhileNodeDown: readiness.during(from, to),
    });
    faults.push({
      fault: `${service} node back`,
      at: 'streaming',
      convergeSeconds: await converge(`${service} node back`, Date.now()),
    });
  }

  // 3. An outage of each dependency under load: readiness must say so, and everything must arrive after.
  for (const service of (args.cluster ? [] : ['kafka', 'elasticsearch', 'postgresql']) as ServiceName[]) {
    await delay(3000);
    const from = Date.now();
    await stack.stop(service);
    say(`${service} down for ${profile.outageMs / 1000} s`);
    await delay(profile.outageMs);
    await stack.start(service);
    const to = Date.now();
    say(`${service} back`);
    const convergeSeconds = await converge(`${service} outage`, to);
    await waitFor(() => readiness.during(from, to).readyAgainAt !== undefined, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'readiness after the outage',
    }).catch(() => undefined);
    const health = readiness.during(from + 3000, to);
    faults.push({
      fault: `${service} restart`,
      at: 'streaming',
      convergeSeconds,
      notReady: health.notReady,
      readyAgain: readiness.during(from, to).readyAgainAt !== undefined,
    });
    if (!health.notReady || !faults.at(-1)?.readyAgain) exitCode = 1;
  }

  await delay(3000);
  for (const l of loaders) await l.stop();
  const loadEnd = Date.now();
  say('load stopped; waiting for the indices to match the tables');

  // 4. The end state: every row visible or dead-lettered, nothing else, nothing stale.
  async function verdicts(): Promise<{
    byConnector: Map<string, Verdict>;
    personal: number;
    letters: number;
  }> {
    const letters = await readDeadLetters(kafka, config.kafka.deadLetterTopic);
    const byConnector = new Map<string, Verdict>();
    let personal = 0;
    for (const [i, c] of connectors.entries()) {
      const loader = loaders[i] as TableLoader;
      const truth = await tableTruth(pgUrl(c.database), c, loader.load.hardDeleted);
      const visible = await visibleDocuments(es, c.index);
      personal += visible.personal;
      const lettered = new Set(
        letters.filter((l) => l.source.connector === c.name && l.rowId).map((l) => l.rowId as string),
      );
      byConnector.set(c.name, compare(truth, visible.docs, lettered));
    }
    return { byConnector, personal, letters: letters.length };
  }
  const clean = (v: Verdict) => v.lost.length + v.extra.length + v.stale.length + v.resurrected.length === 0;
  let final = await verdicts();
  await waitFor(
    async () => {
      final = await verdicts();
      return [...final.byConnector.values()].every(clean);
    },
    { timeoutMs: profile.convergeMs, intervalMs: 3000, what: 'the indices to match the tables' },
  ).catch(() => undefined);
  const settleSeconds = (Date.now() - loadEnd) / 1000;
  let inSyncAfter: number | undefined;
  if (args.cluster) {
    // The killed broker catches up: every partition has all three replicas in sync again.
    await waitFor(
      async () => {
        inSyncAfter = (await replicated()).minInSync;
        return inSyncAfter >= 3;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        what: 'every partition back to 3 in-sync replicas',
      },
    ).catch(() => {
      exitCode = 1;
    });
  }
  await pipeline.stop();

  // 5. A full replay through a new group, watching that no deleted row is ever visible while it runs.
  const deletedIds = new Map<Connector, string[]>();
  for (const [i, c] of connectors.entries()) {
    const truth = await tableTruth(pgUrl(c.database), c, (loaders[i] as TableLoader).load.hardDeleted);
    deletedIds.set(c, [...truth.deleted]);
  }
  const replay = new PipelineProcess(
    'sink',
    { ...pipelineEnv, PROFILE_CDC_SINK_GROUP_ID: 'chaos-replay' },
    join(work, 'replay.log'),
    await freePort(),
  );
  children.push(replay);
  replay.start();
  const replayStart = Date.now();
  let resurrectedDuringReplay = 0;
  let looks = 0;
  let lagSeen = false;
  await waitFor(
    async () => {
      for (const [c, ids] of deletedIds) {
        for (let i = 0; i < ids.length; i += 10_000)
          resurrectedDuringReplay = Math.max(
            resurrectedDuringReplay,
            await visibleCount(es, c.index, ids.slice(i, i + 10_000)),
          );
      }
      looks += 1;
      const lag = await replay.metric('profile_cdc_sink_consumer_lag');
      if (lag !== undefined && lag > 0) lagSeen = true;
      return lagSeen && lag === 0;
    },
    { timeoutMs: profile.convergeMs, intervalMs: 200, what: 'the replay to finish' },
  ).catch(() => {
    say('the replay did not finish in time');
    exitCode = 1;
  });
  const replaySeconds = (Date.now() - replayStart) / 1000;
  await replay.stop();
  readiness.stop();
  const afterReplay = await verdicts();

  // --- the table ---
  const rows: string[][] = [
    [
      'connector',
      'rows',
      'documents',
      'lost',
      'extra',
      'stale',
      'resurrected',
      'dead-lettered',
      'after replay',
    ],
  ];
  for (const c of connectors) {
    const v = final.byConnector.get(c.name) as Verdict;
    const r = afterReplay.byConnector.get(c.name) as Verdict;
    rows.push([
      c.name,
      String(v.rows),
      String(v.documents),
      String(v.lost.length),
      String(v.extra.length),
      String(v.stale.length),
      String(v.resurrected.length),
      String(v.deadLettered),
      clean(r)
        ? 'same, clean'
        : `lost ${r.lost.length}, extra ${r.extra.length}, stale ${r.stale.length}, resurrected ${r.resurrected.length}`,
    ]);
    if (!clean(v) || !clean(r)) exitCode = 1;
  }
  const letters = await readDeadLetters(kafka, config.kafka.deadLetterTopic);
  const byCategory = new Map<string, number>();
  for (const l of letters) byCategory.set(l.category ?? '?', (byCategory.get(l.category ?? '?') ?? 0) + 1);
  const malformedWritten = loaders.reduce((n, l) => n + l.load.malformed.size, 0);
  const kindsWritten = new Set(loaders.flatMap((l) => [...l.load.malformed.values()]));
  const print = (table: string[][]) => {
    const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
    for (const r of table)
      process.stdout.write(`  ${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`);
  };
  process.stdout.write('\nEnd state (after the load, then after a full replay):\n');
  print(rows);
  process.stdout.write('\nFaults:\n');
  print([
    ['fault', 'when', 'converged in', 'not ready during', 'ready after'],
    ...faults.map((f) => [
      f.fault,
      f.at,
      f.convergeSeconds === null ? 'NOT CONVERGED' : `${f.convergeSeconds.toFixed(1)} s`,
      f.notReadyWhileNodeDown !== undefined
        ? f.notReadyWhileNodeDown.notReadySeconds === 0
          ? 'no (ready throughout)'
          : `${f.notReadyWhileNodeDown.notReadySeconds} s: ${f.notReadyWhileNodeDown.reasons.join('; ')}`
        : f.notReady === undefined
          ? '-'
          : f.notReady
            ? 'yes'
            : 'NO',
      f.readyAgain === undefined ? '-' : f.readyAgain ? 'yes' : 'NO',
    ]),
  ]);
  process.stdout.write('\nDead letters by category:\n');
  print([['category', 'letters'], ...[...byCategory].sort().map(([k, n]) => [k, String(n)])]);
  const load = loaders.map((l) => l.load);
  process.stdout.write(
    `\nLoad: ${load.reduce((n, l) => n + l.inserted, 0)} inserts, ${load.reduce((n, l) => n + l.updated, 0)} updates, ` +
      `${load.reduce((n, l) => n + l.softDeleted, 0)} soft and ${load.reduce((n, l) => n + l.hardDeleted.length, 0)} hard deletes, ` +
      `${malformedWritten} malformed rows of ${kindsWritten.size} kinds (of ${malformedKinds.length}), ` +
      `${load.reduce((n, l) => n + l.withPersonalFields, 0)} rows with personal fields, ` +
      `${load.reduce((n, l) => n + l.retried, 0)} writes retried during outages\n`,
  );
  process.stdout.write(
    `Personal data in documents: ${final.personal + afterReplay.personal}. Resurrected during the replay: ${resurrectedDuringReplay} ` +
      `(${looks} looks over ${replaySeconds.toFixed(1)} s). Settled ${settleSeconds.toFixed(1)} s after the load stopped. ` +
      `Pipeline restarts: ${pipeline.starts - 1}. Peak RSS: ${(pipeline.peakRssBytes / 2 ** 20).toFixed(0)} MiB (replay ${(replay.peakRssBytes / 2 ** 20).toFixed(0)} MiB).\n`,
  );
  if (inSyncAfter !== undefined)
    process.stdout.write(`Fewest in-sync replicas of any partition at the end: ${inSyncAfter} of 3.\n`);
  if (final.personal + afterReplay.personal > 0 || resurrectedDuringReplay > 0) exitCode = 1;
  process.stdout.write(
    `\n${exitCode === 0 ? 'PASS' : 'FAIL'} in ${((Date.now() - started) / 1000).toFixed(0)} s (logs: ${work})\n`,
  );
} catch (err) {
  say(`failed: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  for (const child of children) await child.kill().catch(() => undefined);
  await es.close().catch(() => undefined);
  await stack.down().catch(() => undefined);
  if (exitCode === 0 && !args.keep) rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
