/**
 * Peers benchmark (npm run bench:peers): profile-cdc's source beside Debezium's PostgreSQL connector on
 * Kafka Connect (standalone, the local stack's Kafka release; JSON, and Avro through the local Apicurio
 * registry) and the floors (pg_recvlogical, COPY), in one run on the same data. Prints figures; asserts
 * nothing.
 *
 *   drain:    a scratch table; every tool's slot is made (ours by starting the source once with snapshot
 *             never), then `--rows` rows are inserted, so each tool decodes the same WAL backlog; each
 *             tool in turn drains its slot into Kafka (acks=all) or, the floor, to /dev/null.
 *   snapshot: another scratch table with `--snapshot-rows` rows; ours (initial_only, the chunked engine),
 *             Debezium (snapshot.mode=initial_only) and COPY TO STDOUT (after a warming COPY) each read it.
 *
 * Kafka Connect, Debezium and Apicurio's converter come from Maven Central (bench/peers/*.pom.xml),
 * downloaded once into the cache. Debezium's start-up (JVM, plugin scan, worker, connector) is timed
 * apart; its timed part ends when its topic holds every row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PipelineConfig } from '../src/config/pipeline.ts';
import type { Connector } from '../src/connectors/connector.ts';
import { generateRows } from '../src/dev/generate/generate-rows.ts';
import { startSource } from '../src/source/run.ts';
import { ensurePublication } from '../src/source/setup.ts';
import { waitFor } from '../src/util/wait.ts';
import { copyTable, currentLsn } from './baselines.ts';
import { type ConnectInstall, connectInstall, heapFlags, versions } from './peers/connect.ts';
import { type DebeziumFormat, debeziumLabel } from './peers/debezium.ts';
import { deleteSubjects, registryUp } from './peers/kafka.ts';
import { type Context, measureDebezium, measureFloor, measureOurs, type Workload } from './peers/measure.ts';
import { type Outcome, ratioTable, workloadTable } from './peers/report.ts';
import {
  benchConfig,
  Cleanup,
  deleteKafkaLeftovers,
  dropSlot,
  fixed,
  generatorTable,
  int,
  kafka,
  machineLoad,
  mib,
  note,
  parseFlags,
  positive,
  progress,
  query,
  scratchConnector,
  stackProcesses,
  uniqueName,
} from './support.ts';

const toolNames = ['profile-cdc', 'floor', 'debezium-json', 'debezium-avro'] as const;
const flags = parseFlags({
  rows: '200000',
  'snapshot-rows': '200000',
  table: 'prereg',
  tools: toolNames.join(','),
  workloads: 'drain,snapshot',
  readers: '2',
  'chunk-rows': '5000',
  'connect-heap': '1g',
});
const rows = positive('rows', flags.rows);
const snapshotRows = positive('snapshot-rows', flags['snapshot-rows']);
const tableName = generatorTable(flags.table);
const listFlag = <T extends string>(flag: string, text: string, known: readonly T[]): T[] => {
  const picked = text.split(',').map((s) => s.trim());
  for (const p of picked)
    if (!known.includes(p as T)) throw new Error(`--${flag}: '${p}' is not one of ${known.join(', ')}`);
  return picked as T[];
};
const tools = listFlag('tools', flags.tools, toolNames);
const workloads = listFlag<Workload>('workloads', flags.workloads, ['drain', 'snapshot']);
const formats = (['json', 'avro'] as const).filter((f) => tools.includes(`debezium-${f}`));

const cleanup = new Cleanup();
const name = uniqueName('bench_peers');

type Shared = {
  install: ConnectInstall | undefined;
  avroSkipped: string | undefined;
  dir: string;
  context: Omit<Context, 'workload' | 'rows' | 'connector' | 'url' | 'config'>;
};

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A scratch table of the workload, its publication, and its topics and subjects removed at the end. */
async function scratch(label: string): Promise<{ db: string; connector: Connector; url: string }> {
  const db = `${name}_${label}`;
  cleanup.add(`delete topics of ${db}`, () => deleteKafkaLeftovers(db));
  if (formats.includes('avro')) cleanup.add(`delete subjects of ${db}`, () => deleteSubjects(db));
  const { connector, url } = await scratchConnector(db, tableName, cleanup);
  await withClient(url, (client) => ensurePublication(client, connector));
  return { db, connector, url };
}

async function fill(connector: Connector, url: string, count: number): Promise<void> {
  const bar = progress(`insert ${tableName} rows`, count, 'rows');
  const inserted = await generateRows({
    connector,
    url,
    rows: count,
    seed: 'bench-peers',
    onProgress: (p) => bar.update(p.written),
  });
  bar.stop();
  note(`inserted ${int(inserted.rows)} rows in ${fixed(inserted.seconds, 1)} s`);
}

/** Each selected peer in a fixed order: the floor, ours, Debezium JSON, Debezium Avro. */
async function runTools(
  ctx: Context,
  shared: Shared,
  db: string,
  floor: () => Promise<Outcome>,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  const done = (o: Outcome) => {
    out.push(o);
    if ('seconds' in o)
      note(
        `${o.tool} (${ctx.workload}): ${fixed(o.seconds)} s, ${int(o.rows / o.seconds)} rows/s, ` +
          `peak RSS ${mib(o.peakRss)}${o.startupSeconds === undefined ? '' : `, start-up ${fixed(o.startupSeconds, 1)} s`}`,
      );
  };
  if (tools.includes('floor')) done(await floor());
  if (tools.includes('profile-cdc')) done(await measureOurs(ctx));
  for (const format of formats) {
    if (format === 'avro' && shared.avroSkipped) {
      done({ tool: debeziumLabel(format), skipped: shared.avroSkipped });
      continue;
    }
    if (!shared.install) throw new Error('Kafka Connect is not installed');
    done(
      await measureDebezium(ctx, format, {
        install: shared.install,
        dir: shared.dir,
        heap: flags['connect-heap'],
        prefix: `${db}.dbz_${format}`,
        slot: debeziumSlot(db, format),
      }),
    );
  }
  return out;
}

const debeziumSlot = (db: string, format: DebeziumFormat) => `${db}_dbz_${format}`;

async function drain(shared: Shared): Promise<Outcome[]> {
  const { db, connector, url } = await scratch('drain');
  const config: PipelineConfig = benchConfig(db);
  config.source.snapshot = 'never';
  // Every slot before any row: ours by starting the source once (it saves its state too), then the others.
  if (tools.includes('profile-cdc')) {
    const source = await startSource(config, [connector]);
    await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
      timeoutMs: 60_000,
      what: 'the source to create its slot',
    });
    await source.stop();
  }
  const recvSlot = `${db}_recv`;
  const slots = [...(tools.includes('floor') ? [recvSlot] : []), ...formats.map((f) => debeziumSlot(db, f))];
  for (const slot of slots) {
    cleanup.add(`drop slot ${slot}`, () => dropSlot(url, slot));
    await query(url, "SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
  }
  const from = await currentLsn(url);
  await fill(connector, url, rows);
  const to = await currentLsn(url);
  note(`backlog: ${mib(Number(to - from))} of WAL`);
  const ctx: Context = { ...shared.context, workload: 'drain', rows, connector, url, config };
  return runTools(ctx, shared, db, () => measureFloor(ctx, { slot: recvSlot, from, to }));
}

async function snapshot(shared: Shared): Promise<Outcome[]> {
  const { db, connector, url } = await scratch('snap');
  const config = benchConfig(db);
  config.source.snapshot = 'initial_only';
  config.source.snapshotReaders = positive('readers', flags.readers);
  config.source.snapshotChunkRows = positive('chunk-rows', flags['chunk-rows']);
  for (const format of formats) cleanup.add('drop slot', () => dropSlot(url, debeziumSlot(db, format)));
  await fill(connector, url, snapshotRows);
  await copyTable(connector.database, `${connector.schema}.${connector.table}`); // warms the page cache for all
  const ctx: Context = {
    ...shared.context,
    workload: 'snapshot',
    rows: snapshotRows,
    connector,
    url,
    config,
  };
  return runTools(ctx, shared, db, () => measureFloor(ctx));
}

async function main() {
  const started = performance.now();
  const loadBefore = machineLoad();
  note(loadBefore);
  note(`peers benchmark: ${tools.join(', ')} on ${workloads.join(', ')} (${tableName})`);
  const admin = kafka().admin();
  await admin.connect();
  cleanup.add('disconnect the Kafka admin', () => admin.disconnect());
  const dir = mkdtempSync(join(tmpdir(), 'bench-peers-'));
  cleanup.add(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  let install: ConnectInstall | undefined;
  if (formats.length > 0) {
    note('Kafka Connect, Debezium and the converter from Maven Central (cached after the first run)');
    install = await connectInstall();
  }
  const avroSkipped =
    formats.includes('avro') && !(await registryUp())
      ? 'the schema registry does not answer (start it: npx profile-cdc stack up --services schema-registry)'
      : undefined;
  const shared: Shared = {
    install,
    avroSkipped,
    dir,
    context: { probes: await stackProcesses(['postgresql', 'kafka']), admin, cleanup },
  };
  const results = new Map<Workload, Outcome[]>();
  if (workloads.includes('drain')) results.set('drain', await drain(shared));
  if (workloads.includes('snapshot')) results.set('snapshot', await snapshot(shared));

  const titles: Record<Workload, string> = {
    drain: `WAL backlog drain: ${int(rows)} ${tableName} rows into Kafka (acks=all), each tool from its own slot`,
    snapshot: `snapshot: ${int(snapshotRows)} ${tableName} rows into Kafka (acks=all); ours ${flags.readers} readers, ${flags['chunk-rows']}-row chunks`,
  };
  const out = [...results].flatMap(([workload, outcomes]) => [
    workloadTable(titles[workload], outcomes),
    ratioTable(workload, outcomes) ?? '',
  ]);
  process.stdout.write(
    `\n${out.join('\n')}\nKafka Connect ${versions.connect} (standalone), Debezium ${versions.debezium}, ` +
      `Apicurio converter ${versions.apicurio}, JVM ${heapFlags(flags['connect-heap']).join(' ')}; CPU per row over the ` +
      `timed part (tool: its process; postgresql: the server and its backends, other sessions included); ` +
      `ours runs in this process, so its RSS includes the benchmark's\n` +
      `total run time ${fixed((performance.now() - started) / 1000, 0)} s; at the start ${loadBefore}, at the end ${machineLoad()}\n`,
  );
}

try {
  await main();
} finally {
  await cleanup.run();
}
