/**
 * Snapshot benchmark (npm run bench:snapshot): how fast the chunked snapshot engine reads an existing table
 * into Kafka (normalised, Avro, acks=all, beside a running stream), against `COPY (SELECT * ...) TO STDOUT`
 * of the same table to /dev/null in the same run (before and after ours). Prints figures; asserts nothing.
 *
 *   1. A scratch database with one MOSIP table and `--rows` generated rows.
 *   2. Baseline: psql COPY TO STDOUT of the whole table, to /dev/null.
 *   3. Ours: the source starts (snapshot initial) and its snapshot job reads the table with `--readers`
 *      connections, `--chunk-rows` rows a chunk, until Kafka holds every row; memory and CPU are sampled.
 *   4. Baseline again; the ratio uses the mean of both.
 */
import { generateRows } from '../src/dev/generate/generate-rows.ts';
import { startSource } from '../src/source/run.ts';
import { waitFor } from '../src/util/wait.ts';
import { copyTable } from './baselines.ts';
import {
  benchConfig,
  Cleanup,
  cpuMeter,
  cpuProfile,
  cpuRows,
  deleteKafkaLeftovers,
  fixed,
  generatorTable,
  int,
  MemorySampler,
  machineLoad,
  mib,
  note,
  once,
  parseFlags,
  positive,
  progress,
  scratchConnector,
  stackProcesses,
  table,
  uniqueName,
  verdict,
} from './support.ts';

const flags = parseFlags({
  rows: '1000000',
  table: 'prereg',
  readers: '2',
  'chunk-rows': '5000',
  mode: 'initial',
  profile: '',
});
if (flags.mode !== 'initial' && flags.mode !== 'initial_only')
  throw new Error(`--mode: '${flags.mode}' is not initial (online, beside the stream) or initial_only`);
const mode = flags.mode;
const rows = positive('rows', flags.rows);
const readers = positive('readers', flags.readers);
const chunkRows = positive('chunk-rows', flags['chunk-rows']);
const tableName = generatorTable(flags.table);
const cleanup = new Cleanup();
const name = uniqueName('bench_snap');

async function main() {
  const started = performance.now();
  const loadBefore = machineLoad();
  note(loadBefore);
  note(
    `snapshot benchmark: ${int(rows)} ${tableName} rows, ${readers} readers, ${int(chunkRows)} rows a chunk`,
  );
  const { connector, url } = await scratchConnector(name, tableName, cleanup);
  const config = benchConfig(name);
  config.source.snapshotReaders = readers;
  config.source.snapshotChunkRows = chunkRows;
  config.source.snapshot = mode;
  cleanup.add('delete topics and groups', () => deleteKafkaLeftovers(name));

  const fill = progress(`insert table (${tableName})`, rows, 'rows');
  const inserted = await generateRows({
    connector,
    url,
    rows,
    seed: 'bench-snapshot',
    onProgress: (p) => fill.update(p.written),
  });
  fill.stop();
  note(`table: ${int(inserted.rows)} rows in ${fixed(inserted.seconds, 1)} s`);
  const qualified = `${connector.schema}.${connector.table}`;
  await copyTable(connector.database, qualified); // warms the table into the page cache for both
  const copyBefore = (await copyTable(connector.database, qualified)).seconds;
  note(`COPY TO STDOUT: ${fixed(copyBefore)} s, ${int(rows / copyBefore)} rows/s`);

  const memory = new MemorySampler();
  memory.start();
  const t0 = performance.now();
  const source = await startSource(config, [connector]);
  const stopSource = once(() => source.stop());
  cleanup.add('stop the source', stopSource);
  const tReady = performance.now();
  const cpu = cpuMeter(await stackProcesses());
  const stopProfile = await cpuProfile(flags.profile);
  const running = source.sources[0];
  if (!running) throw new Error('the source has no connector');
  const bar = progress('snapshot (rows in Kafka)', rows, 'rows');
  let tFirst = 0;
  let stopped = false;
  void source.done.finally(() => {
    stopped = true;
  });
  await waitFor(
    () => {
      const s = running.stats.snapshot;
      if (!tFirst && running.stats.published > 0) tFirst = performance.now();
      bar.update(
        running.stats.published,
        `rss ${mib(process.memoryUsage().rss)} | eta ${fixed(s.etaSeconds ?? 0, 0)} s`,
      );
      if (mode === 'initial_only') return stopped;
      return running.snapshots.jobs.some((j) => j.status === 'done') && running.stats.backlog === 0;
    },
    {
      timeoutMs: 1_800_000,
      intervalMs: 20,
      what: () => `the snapshot (${running.stats.published} rows in Kafka)`,
    },
  );
  const tDone = performance.now();
  const figures = cpu();
  await stopProfile();
  bar.stop();
  const mem = memory.stop();
  const published = running.stats.published;
  await stopSource();
  const copyAfter = (await copyTable(connector.database, qualified)).seconds;
  note(`COPY TO STDOUT again: ${fixed(copyAfter)} s`);

  const seconds = (tDone - tReady) / 1000;
  const fromFirst = (tDone - tFirst) / 1000;
  const ourRate = rows / seconds;
  const copyRate = rows / ((copyBefore + copyAfter) / 2);
  process.stdout.write(
    `\n${table(
      `profile-cdc snapshot benchmark: ${tableName}, ${int(rows)} rows, snapshot ${mode}, ${readers} readers, ${int(chunkRows)}-row chunks, acks=all`,
      [
        ['', 'ours (snapshot job -> Kafka)', 'COPY TO STDOUT -> /dev/null', 'ours / COPY', 'target'],
        [
          'rows/s from start',
          int(ourRate),
          int(copyRate),
          fixed(ourRate / copyRate, 3),
          `>= 60,000 rows/s (${verdict(ourRate >= 60_000)})`,
        ],
        ['rows/s from the first record', int(rows / fromFirst), '', '', ''],
        ['seconds', fixed(seconds), `${fixed(copyBefore)} / ${fixed(copyAfter)}`, '', ''],
        ['records in Kafka', int(published), '', '', ''],
        ['start-up (not timed above)', `${fixed((tReady - t0) / 1000)} s`, '', '', ''],
        ['peak RSS', mib(mem.rss.peak), '', '', `< 400 MiB (${verdict(mem.rss.peak < 400 * 2 ** 20)})`],
        ...cpuRows('this process', [{ cpu: figures, count: rows }], 'row').map((row) => [...row, '', '', '']),
      ],
    )}\ntotal run time ${fixed((performance.now() - started) / 1000, 0)} s; at the start ${loadBefore}, at the end ${machineLoad()}\n`,
  );
}

try {
  await main();
} finally {
  await cleanup.run();
}
