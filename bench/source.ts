/**
 * Source benchmark (npm run bench:source): how fast the source drains a WAL backlog into Kafka, against
 * pg_recvlogical reading the same WAL with the same plugin; commit-to-Kafka latency at a steady insert
 * rate; memory while draining. Prints figures and a summary table; asserts nothing.
 *
 *   1. A scratch database with one MOSIP table; the source runs once (snapshot 'never') to create its slot
 *      and save its state, and stops; a second pgoutput slot is created for pg_recvlogical. No row yet.
 *   2. The backlog: `--rows` generated rows inserted while nothing reads either slot.
 *   3. Baseline: pg_recvlogical drains its slot to /dev/null up to the end LSN.
 *   4. Ours: the source restarts and drains its slot into Kafka (acks=all) until every row is acknowledged
 *      and the slot confirmed; memory is sampled meanwhile.
 *   5. Latency: with the source streaming, a child process inserts at `--rate` rows/s for `--seconds`;
 *      a consumer reads the topic, whose timestamps the broker sets on append (LogAppendTime), and each
 *      record's source.commitTime is subtracted from its append time and from when the consumer got it.
 */
import kafkajs from 'kafkajs';
import { localKafkaBroker } from '../src/config/local-stack.ts';
import { topicOf } from '../src/connectors/connector.ts';
import { generateRows } from '../src/dev/generate/generate-rows.ts';
import { formatLsn, parseLsn } from '../src/encode/lsn.ts';
import { startSource } from '../src/source/run.ts';
import { waitFor } from '../src/util/wait.ts';
import { currentLsn, recvlogical } from './baselines.ts';
import {
  benchConfig,
  Cleanup,
  type ConsumerMessage,
  type ConsumerOptions,
  cpuMeter,
  cpuProfile,
  cpuRows,
  deleteKafkaLeftovers,
  dropSlot,
  fixed,
  forkChild,
  generatorTable,
  int,
  kafka,
  type LatencyFigures,
  latencyFigures,
  latencyOverTime,
  MemorySampler,
  machineLoad,
  mib,
  ms,
  note,
  once,
  parseFlags,
  positive,
  progress,
  query,
  scratchConnector,
  settings,
  stackProcesses,
  startInserter,
  table,
  uniqueName,
  verdict,
} from './support.ts';

const flags = parseFlags({
  rows: '200000',
  table: 'prereg',
  rate: '5000',
  seconds: '30',
  warmup: '5',
  profile: '',
});
const rows = positive('rows', flags.rows);
const rate = positive('rate', flags.rate);
const seconds = positive('seconds', flags.seconds);
const warmupMs = Number(flags.warmup) * 1000;
const tableName = generatorTable(flags.table);

const cleanup = new Cleanup();
const name = uniqueName('bench_src');

async function slotConfirmed(url: string, slot: string): Promise<bigint> {
  const [row] = await query<{ lsn: string | null }>(
    url,
    'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  return parseLsn(row?.lsn ?? '0/0');
}

async function main() {
  const started = performance.now();
  const loadBefore = machineLoad();
  note(loadBefore);
  note(`source benchmark: ${int(rows)} ${tableName} rows backlog, then ${int(rate)} rows/s for ${seconds} s`);
  const { connector, url } = await scratchConnector(name, tableName, cleanup);
  const config = benchConfig(name);
  config.source.snapshot = 'never';
  const topic = topicOf(connector, config.kafka.topicPrefix);
  cleanup.add('delete topics and groups', () => deleteKafkaLeftovers(name));

  // 1. Both slots, before any row: our source creates its own (and saves its state), then the baseline's.
  note('setup: creating the source slot (snapshot never) and the pg_recvlogical slot');
  {
    const source = await startSource(config, [connector]);
    await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
      timeoutMs: 60_000,
      what: 'the source to create its slot',
    });
    await source.stop();
  }
  // Two baseline slots: pg_recvlogical runs before and after ours, so a change in the machine's load
  // during the run shows up as a difference between the two instead of skewing the ratio unseen.
  const recvSlots = [`${name}_recv1`, `${name}_recv2`];
  for (const slot of recvSlots) {
    cleanup.add(`drop slot ${slot}`, () => dropSlot(url, slot));
    await query(url, "SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
  }
  const startLsn = await currentLsn(url);

  // 2. The backlog, read by nobody yet.
  const fill = progress(`insert backlog (${tableName})`, rows, 'rows');
  const inserted = await generateRows({
    connector,
    url,
    rows,
    seed: 'bench-source',
    onProgress: (p) => fill.update(p.written),
  });
  fill.stop();
  const endLsn = await currentLsn(url);
  const walBytes = Number(endLsn - startLsn);
  note(
    `backlog: ${int(inserted.rows)} rows in ${fixed(inserted.seconds, 1)} s, ${mib(walBytes)} of WAL ` +
      `(${formatLsn(startLsn)} .. ${formatLsn(endLsn)})`,
  );

  // 3. Baseline, first run.
  const recv = (slot: string) =>
    recvlogical(url, connector.database, slot, connector.publication, startLsn, endLsn);
  const baseBefore = await recv(recvSlots[0] as string);
  await dropSlot(url, recvSlots[0] as string);
  note(`pg_recvlogical: ${fixed(baseBefore.seconds)} s, ${int(rows / baseBefore.seconds)} rows/s`);

  // 4. Ours.
  const memory = new MemorySampler();
  memory.start();
  const t0 = performance.now();
  const source = await startSource(config, [connector]);
  const stopSource = once(() => source.stop());
  cleanup.add('stop the source', stopSource);
  const tReady = performance.now();
  const drainCpu = cpuMeter(await stackProcesses());
  const stopProfile = await cpuProfile(flags.profile);
  const stats = source.sources[0]?.stats;
  if (!stats) throw new Error('the source has no connector');
  const drain = progress('source drain (rows)', rows, 'rows');
  let tPublished = 0;
  await waitFor(
    () => {
      drain.update(
        stats.published,
        `confirmed ${stats.confirmedLsn} | rss ${mib(process.memoryUsage().rss)}`,
      );
      if (!tPublished && stats.published >= rows) tPublished = performance.now();
      return stats.published >= rows && parseLsn(stats.confirmedLsn) >= endLsn;
    },
    {
      timeoutMs: 240_000,
      intervalMs: 10,
      what: () => `the source to publish ${rows} rows (has ${stats.published})`,
    },
  );
  const tConfirmed = performance.now();
  const cpu = drainCpu();
  await stopProfile();
  drain.stop();
  const mem = memory.stop();
  await waitFor(async () => (await slotConfirmed(url, connector.slot)) >= endLsn, {
    timeoutMs: 20_000,
    what: 'PostgreSQL to show the slot confirmed up to the end LSN',
  });
  const drainSeconds = (tConfirmed - tReady) / 1000;
  const ourRate = rows / drainSeconds;
  note(
    `source: ready in ${fixed((tReady - t0) / 1000)} s, all ${int(stats.published)} in Kafka after ` +
      `${fixed((tPublished - tReady) / 1000)} s, slot confirmed after ${fixed(drainSeconds)} s: ${int(ourRate)} rows/s`,
  );

  // 3b. Baseline, second run; the ratio uses the mean of both.
  const baseAfter = await recv(recvSlots[1] as string);
  await dropSlot(url, recvSlots[1] as string);
  note(`pg_recvlogical again: ${fixed(baseAfter.seconds)} s, ${int(rows / baseAfter.seconds)} rows/s`);
  const base = { seconds: (baseBefore.seconds + baseAfter.seconds) / 2 };
  const baseRate = rows / base.seconds;

  // 5. Latency at a steady rate, the source streaming.
  const latency = await measureLatency(url, connector.schema, topic, stats);

  await stopSource();
  const totalSeconds = (performance.now() - started) / 1000;

  const ratio = ourRate / baseRate;
  const lat = (f: LatencyFigures) => [ms(f.p50), ms(f.p90), ms(f.p99), ms(f.max)];
  process.stdout.write(
    `\n${table(
      `profile-cdc source benchmark: ${tableName}, ${int(rows)}-row backlog (${mib(walBytes)} WAL), acks=all, ` +
        `batch ${config.source.batchSize}, maxBuffered ${config.source.maxBuffered}`,
      [
        ['drain', 'ours (profile-cdc source)', 'pg_recvlogical -> /dev/null', 'ours / baseline', 'target'],
        [
          'rows/s',
          int(ourRate),
          int(baseRate),
          fixed(ratio),
          `ratio >= 0.6 (${verdict(ratio >= 0.6)}), >= 20,000 rows/s (${verdict(ourRate >= 20_000)})`,
        ],
        [
          'seconds',
          fixed(drainSeconds),
          `${fixed(base.seconds)} (before ${fixed(baseBefore.seconds)}, after ${fixed(baseAfter.seconds)})`,
          '',
          '',
        ],
        ['start-up (not timed above)', `${fixed((tReady - t0) / 1000)} s`, '', '', ''],
        ...cpuRows('this process', [{ cpu, count: rows }], 'row').map((row) => [...row, '', '', '']),
      ],
    )}\n${table(
      `commit-to-Kafka latency: ${int(latency.inserted)} rows at ${int(latency.achievedRate)} rows/s for ` +
        `${fixed(latency.seconds, 1)} s (inserter at most ${ms(latency.maxLagMs)} behind schedule)`,
      [
        ['measured from source.commitTime to', 'records', 'p50', 'p90', 'p99', 'max', 'target'],
        [
          'broker append (LogAppendTime)',
          int(latency.appended.count),
          ...lat(latency.appended),
          `p99 < 100 ms (${verdict(latency.appended.p99 < 100)})`,
        ],
        [
          `broker append, after the first ${warmupMs / 1000} s`,
          int(latency.steady.count),
          ...lat(latency.steady),
          `p99 < 100 ms (${verdict(latency.steady.p99 < 100)})`,
        ],
        ['consumer receipt (separate process)', int(latency.received.count), ...lat(latency.received), ''],
      ],
    )}\n${table(`memory of this process while draining (${mem.samples} samples, every 100 ms)`, [
      ['', 'start', 'peak', 'end'],
      ['rss', mib(mem.rss.start), mib(mem.rss.peak), mib(mem.rss.end)],
      ['heapUsed', mib(mem.heap.start), mib(mem.heap.peak), mib(mem.heap.end)],
    ])}\ntotal run time ${fixed(totalSeconds, 0)} s; at the start ${loadBefore}, at the end ${machineLoad()}\n`,
  );
}

async function measureLatency(
  url: string,
  schema: string,
  topic: string,
  stats: { published: number },
): Promise<{
  inserted: number;
  seconds: number;
  achievedRate: number;
  maxLagMs: number;
  appended: LatencyFigures;
  steady: LatencyFigures;
  received: LatencyFigures;
}> {
  const admin = kafka().admin();
  await admin.connect();
  // The broker stamps each message when it appends it: the moment the record is in Kafka.
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: kafkajs.ConfigResourceTypes.TOPIC,
        name: topic,
        configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
      },
    ],
  });
  await admin.disconnect();

  let consumed = 0;
  let ready = false;
  let result: Extract<ConsumerMessage, { type: 'result' }> | undefined;
  const consumer = forkChild<ConsumerMessage>(
    'consume-latency.ts',
    { brokers: [localKafkaBroker(settings)], topic, groupId: `${name}-latency` } satisfies ConsumerOptions,
    (m) => {
      if (m.type === 'ready') ready = true;
      else if (m.type === 'progress') consumed = m.received;
      else result = m;
    },
  );
  cleanup.add('stop the latency consumer', async () => {
    if (consumer.child.exitCode === null) consumer.child.kill();
  });
  await waitFor(() => ready, { timeoutMs: 30_000, what: 'the latency consumer to fetch' });

  const publishedBefore = stats.published;
  const total = Math.round(rate * seconds);
  const bar = progress(`insert at ${int(rate)} rows/s`, total, 'rows');
  let acked = 0;
  const insertStart = Date.now();
  const inserter = startInserter(
    { url, schema, table: tableName, rate, seconds, seed: name, reportIds: false },
    (m) => {
      if (m.type === 'batch') acked += m.rows;
      bar.update(acked, `in Kafka ${int(stats.published - publishedBefore)}, consumed ${int(consumed)}`);
    },
  );
  cleanup.add('stop the inserter', async () => {
    if (inserter.child.exitCode === null) inserter.child.kill();
  });
  const done = await inserter.done;
  bar.stop();
  consumer.child.send({ expect: done.rows });
  let exited = false;
  const ended = consumer.exited.finally(() => {
    exited = true;
  });
  await waitFor(() => result ?? exited, {
    timeoutMs: 120_000,
    what: () => `the consumer to receive ${done.rows} records (has ${consumed})`,
  });
  await ended;
  if (!result) throw new Error('the latency consumer ended without its figures');
  const figures = result as Extract<ConsumerMessage, { type: 'result' }>;
  if (figures.ahead > 0)
    note(
      `warning: ${int(figures.ahead)} records carry a source.commitTime more than a minute ahead of the clock`,
    );
  const appended = figures.appended.map((latency, i) => ({ at: figures.commits[i] ?? 0, latency }));
  note(`commit-to-append latency over time (ms): ${latencyOverTime(appended, insertStart, 5000)}`);
  const steady = appended.filter((a) => a.at >= insertStart + warmupMs).map((a) => a.latency);
  return {
    inserted: done.rows,
    seconds: done.seconds,
    achievedRate: done.rows / done.seconds,
    maxLagMs: done.maxLagMs,
    appended: latencyFigures(figures.appended),
    steady: latencyFigures(steady),
    received: latencyFigures(figures.received),
  };
}

try {
  await main();
} finally {
  await cleanup.run();
}
