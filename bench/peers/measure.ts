/**
 * One tool on one workload, timed the same way for each: the timer starts once the tool is running (its
 * start-up is reported apart) and stops when every row is in Kafka (or, for the floors, when the tool
 * exits); CPU per row of the tool, PostgreSQL and Kafka over that interval, and the tool's peak RSS.
 */
import type { Admin } from 'kafkajs';
import type { PipelineConfig } from '../../src/config/pipeline.ts';
import { type Connector, topicOf } from '../../src/connectors/connector.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { copyTable, recvlogical } from '../baselines.ts';
import { peakRssOf, processSeconds, reapedChildrenSeconds } from '../proc.ts';
import {
  type Cleanup,
  type CpuFigures,
  type CpuProbe,
  cpuMeter,
  MemorySampler,
  mib,
  once,
  progress,
} from '../support.ts';
import { type ConnectInstall, startConnect } from './connect.ts';
import {
  connectorProperties,
  type DebeziumFormat,
  debeziumLabel,
  debeziumTopic,
  workerProperties,
} from './debezium.ts';
import { recordCounter, topicBytes, topicRecords } from './kafka.ts';

export type Workload = 'drain' | 'snapshot';

export type Measured = {
  tool: string;
  rows: number;
  seconds: number;
  /** From the first record in Kafka until the last (tools that write to Kafka). */
  fromFirstSeconds?: number;
  startupSeconds?: number;
  cpu: CpuFigures;
  peakRss: number;
  /** Ours runs in the benchmark's process: its RSS when the source started, to read the peak against. */
  rssAtStart?: number;
  kafka?: { records: number; bytes: number };
};

export type Skipped = { tool: string; skipped: string };

export type Context = {
  workload: Workload;
  rows: number;
  connector: Connector;
  url: string;
  /** Our pipeline's config for this workload; Debezium's batches and topics follow it. */
  config: PipelineConfig;
  probes: CpuProbe[];
  admin: Admin;
  cleanup: Cleanup;
};

/** pg_recvlogical (drain: its own slot, up to the end LSN) or COPY (snapshot), to /dev/null. */
export async function measureFloor(
  ctx: Context,
  wal?: { slot: string; from: bigint; to: bigint },
): Promise<Measured> {
  const cpu = cpuMeter(ctx.probes, reapedChildrenSeconds);
  const { connector } = ctx;
  const run =
    wal !== undefined
      ? await recvlogical(ctx.url, connector.database, wal.slot, connector.publication, wal.from, wal.to)
      : await copyTable(connector.database, `${connector.schema}.${connector.table}`);
  const tool = wal !== undefined ? 'pg_recvlogical -> /dev/null' : 'COPY TO STDOUT -> /dev/null';
  return { tool, rows: ctx.rows, seconds: run.seconds, cpu: cpu(), peakRss: run.peakRss };
}

/** Our source in this process: its slot made beforehand (drain) or an initial_only snapshot. */
export async function measureOurs(ctx: Context): Promise<Measured> {
  const memory = new MemorySampler();
  memory.start();
  const t0 = performance.now();
  const source = await startSource(ctx.config, [ctx.connector]);
  const stop = once(() => source.stop());
  ctx.cleanup.add('stop the source', stop);
  const tReady = performance.now();
  const cpu = cpuMeter(ctx.probes);
  const stats = source.sources[0]?.stats;
  if (!stats) throw new Error('the source has no connector');
  const bar = progress(`profile-cdc ${ctx.workload}`, ctx.rows, 'rows');
  let tFirst = 0;
  await waitFor(
    () => {
      if (!tFirst && stats.published > 0) tFirst = performance.now();
      bar.update(stats.published, `rss ${mib(process.memoryUsage().rss)}`);
      return stats.published >= ctx.rows;
    },
    {
      timeoutMs: 600_000,
      intervalMs: 10,
      what: () => `the source to publish ${ctx.rows} rows (has ${stats.published})`,
    },
  );
  const tDone = performance.now();
  const figures = cpu();
  bar.stop();
  const mem = memory.stop();
  await stop();
  const topic = topicOf(ctx.connector, ctx.config.kafka.topicPrefix);
  return {
    tool: 'profile-cdc source',
    rows: ctx.rows,
    seconds: (tDone - tReady) / 1000,
    fromFirstSeconds: (tDone - tFirst) / 1000,
    startupSeconds: (tReady - t0) / 1000,
    cpu: figures,
    peakRss: mem.rss.peak,
    rssAtStart: mem.rss.start,
    kafka: { records: await topicRecords(ctx.admin, topic), bytes: topicBytes(topic) },
  };
}

/** Debezium on a standalone Connect worker, until its topic holds every row. */
export async function measureDebezium(
  ctx: Context,
  format: DebeziumFormat,
  setup: { install: ConnectInstall; dir: string; heap: string; prefix: string; slot: string },
): Promise<Measured> {
  const { prefix } = setup;
  const connect = await startConnect({
    install: setup.install,
    dir: setup.dir,
    heap: setup.heap,
    cleanup: ctx.cleanup,
    worker: workerProperties(format, ctx.config),
    connector: connectorProperties({
      name: prefix.replaceAll('.', '_'),
      topicPrefix: prefix,
      connector: ctx.connector,
      slot: setup.slot,
      mode: ctx.workload === 'drain' ? 'no_data' : 'initial_only',
      config: ctx.config,
    }),
  });
  const tReady = performance.now();
  const cpu = cpuMeter(ctx.probes, () => processSeconds(connect.pid));
  const topic = debeziumTopic(prefix, ctx.connector);
  const bar = progress(`debezium ${format} ${ctx.workload}`, ctx.rows, 'rows');
  let tFirst = 0;
  let records = 0;
  let lastChange = performance.now();
  const count = recordCounter(ctx.admin, topic);
  // waitFor retries a check that throws, so a stall is a result here, not an error.
  const outcome = await waitFor(
    async () => {
      const now = await count();
      if (now !== records) lastChange = performance.now();
      records = now;
      if (!tFirst && records > 0) tFirst = performance.now();
      bar.update(records);
      if (performance.now() - lastChange > 120_000) return 'stalled';
      return records >= ctx.rows && 'done';
    },
    {
      timeoutMs: 900_000,
      intervalMs: 50,
      what: () => `Debezium's topic to hold ${ctx.rows} records (has ${records})`,
    },
  );
  if (outcome === 'stalled') throw new Error(`Debezium stalled at ${records} records:\n${connect.logTail()}`);
  const tDone = performance.now();
  const figures = cpu();
  const peakRss = peakRssOf(connect.pid);
  bar.stop();
  await connect.stop();
  return {
    tool: debeziumLabel(format),
    rows: ctx.rows,
    seconds: (tDone - tReady) / 1000,
    fromFirstSeconds: (tDone - tFirst) / 1000,
    startupSeconds: connect.startupSeconds,
    cpu: figures,
    peakRss,
    kafka: { records, bytes: topicBytes(topic) },
  };
}
