/**
 * Sink benchmark (npm run bench:sink): how fast the sink indexes a topic backlog into Elasticsearch, against
 * the same documents sent as raw _bulk requests through the Elasticsearch client; then commit-to-searchable
 * latency of the whole pipeline at a steady insert rate. Prints figures and a summary table; asserts nothing.
 *
 *   1. `--docs` generated rows become change records (buildRecord, the source's own encoder) produced to a
 *      scratch topic; their Elasticsearch documents are built from the decoded records with guardedAction.
 *   2. Baseline: those documents, es.bulk in chunks of the sink's maxDocs with the sink's concurrency, into
 *      a scratch index with the same mapping.
 *   3. Ours: startSink consumes the topic into another scratch index until every record is acknowledged by
 *      Elasticsearch (the sink's own counters), then the count is checked.
 *   4. Latency: source and sink running, a child process inserts at `--rate` rows/s for `--seconds`; every
 *      `--poll` ms an ids query asks which inserted rows have become searchable.
 */
import { Client } from '@elastic/elasticsearch';
import { Partitioners } from 'kafkajs';
import { topicOf } from '../src/connectors/connector.ts';
import { createRowSource } from '../src/dev/generate/row-source.ts';
import { windowClock } from '../src/dev/generate/time.ts';
import type { ChangeRecord } from '../src/encode/change-record.ts';
import { Decoder } from '../src/encode/decoder.ts';
import { createEncoder } from '../src/encode/encoder.ts';
import { formatLsn, parseLsn } from '../src/encode/lsn.ts';
import { enrichOptions } from '../src/enrich/options.ts';
import { ensureTopics } from '../src/kafka/topics.ts';
import { kindNamed } from '../src/kinds/index.ts';
import { loadSchemas } from '../src/kinds/schemas.ts';
import { guardedAction } from '../src/sink/document/guarded-action.ts';
import { elasticsearchClient } from '../src/sink/elasticsearch.ts';
import { createIndex } from '../src/sink/indices.ts';
import { startSink } from '../src/sink/run.ts';
import { toMessages } from '../src/source/messages.ts';
import { buildRecord } from '../src/source/records.ts';
import { startSource } from '../src/source/run.ts';
import { waitFor } from '../src/util/wait.ts';
import {
  benchConfig,
  Cleanup,
  commitMillis,
  cpuMeter,
  cpuProfile,
  cpuRows,
  deleteKafkaLeftovers,
  fixed,
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
  scratchConnector,
  stackProcesses,
  startInserter,
  sumCpu,
  table,
  uniqueName,
  verdict,
} from './support.ts';

const flags = parseFlags({
  docs: '100000',
  table: 'prereg',
  rate: '1000',
  seconds: '30',
  poll: '100',
  warmup: '5',
  profile: '',
});
const docs = positive('docs', flags.docs);
const rate = positive('rate', flags.rate);
const seconds = positive('seconds', flags.seconds);
const warmupMs = Number(flags.warmup) * 1000;
const pollMs = positive('poll', flags.poll);
const tableName = generatorTable(flags.table);

const cleanup = new Cleanup();
const name = uniqueName('bench_sink');

/** A baseline document, its body already JSON: cheap to hold (the GC does not walk strings) while the sink runs. */
type Doc = { id: string; json: string; version: number };

async function main() {
  const started = performance.now();
  const loadBefore = machineLoad();
  note(loadBefore);
  note(
    `sink benchmark: ${int(docs)} ${tableName} records, then ${int(rate)} rows/s for ${seconds} s end to end`,
  );
  const { connector, url } = await scratchConnector(name, tableName, cleanup);
  const config = benchConfig(name);
  config.source.snapshot = 'never';
  const topic = topicOf(connector, config.kafka.topicPrefix);
  cleanup.add('delete topics and groups', () => deleteKafkaLeftovers(name));
  const es = elasticsearchClient(config.elasticsearch);
  cleanup.add('close the Elasticsearch client', () => es.close());
  cleanup.add('delete the indices', () =>
    es.indices.delete({ index: `${connector.index}*`, ignore_unavailable: true, allow_no_indices: true }),
  );

  // 1. The backlog in Kafka, and the same records' documents for the baseline.
  const { documents, bytes } = await produceBacklog(connector, config, topic);

  // 2. Baseline: raw _bulk through the client, before and after ours (into two indices), so a change in
  // the machine's load during the run shows up as a difference between the two.
  const baselineIndex = `${connector.index}-baseline`;
  const processes = await stackProcesses();
  const baselineRun = async (index: string) => {
    await createIndex(es, index, kindNamed(connector.kind).indexBody, config.sink);
    const meter = cpuMeter(processes);
    const run = {
      ...(await rawBulk(es, index, documents, config.sink.bulk.maxDocs, config.sink.bulk.concurrency)),
      cpu: meter(),
    };
    note(`raw _bulk: ${fixed(run.seconds)} s, ${int(docs / run.seconds)} docs/s, ${run.failed} failed items`);
    return run;
  };
  const baseBefore = await baselineRun(baselineIndex);

  // 3. Ours.
  const memory = new MemorySampler();
  memory.start();
  const t0 = performance.now();
  const sink = await startSink(config, [connector]);
  cleanup.add('stop the sink', () => sink.stop());
  const tReady = performance.now();
  const sinkCpu = cpuMeter(processes);
  const stopProfile = await cpuProfile(flags.profile);
  const { stats } = sink;
  const done = () => stats.indexed + stats.updated + stats.deleted + stats.deadLettered;
  const bar = progress('sink (docs)', docs, 'docs');
  await waitFor(
    () => {
      bar.update(done(), `consumed ${int(stats.consumed)} | rss ${mib(process.memoryUsage().rss)}`);
      return done() >= docs;
    },
    { timeoutMs: 240_000, intervalMs: 10, what: () => `the sink to index ${docs} records (has ${done()})` },
  );
  const tDone = performance.now();
  const cpu = sinkCpu();
  await stopProfile();
  bar.stop();
  const mem = memory.stop();
  const sinkSeconds = (tDone - tReady) / 1000;
  const ourRate = docs / sinkSeconds;
  await es.indices.refresh({ index: [connector.index, baselineIndex] });
  const ourCount = (await es.count({ index: connector.index })).count;
  const baseCount = (await es.count({ index: baselineIndex })).count;
  note(
    `sink: ready in ${fixed((tReady - t0) / 1000)} s, ${int(done())} acknowledged after ${fixed(sinkSeconds)} s: ` +
      `${int(ourRate)} docs/s; index holds ${int(ourCount)} (baseline index ${int(baseCount)})`,
  );

  const baseAfter = await baselineRun(`${baselineIndex}-again`);
  const base = {
    seconds: (baseBefore.seconds + baseAfter.seconds) / 2,
    failed: baseBefore.failed + baseAfter.failed,
  };
  const baseRate = docs / base.seconds;

  // 4. End to end.
  const latency = await endToEnd(connector, url, config, stats);
  const totalSeconds = (performance.now() - started) / 1000;

  const ratio = ourRate / baseRate;
  const lat = (f: LatencyFigures) => [ms(f.p50), ms(f.p90), ms(f.p99), ms(f.max)];
  const { maxDocs, concurrency, lingerMs } = config.sink.bulk;
  process.stdout.write(
    `\n${table(
      `profile-cdc sink benchmark: ${tableName}, ${int(docs)} records (${mib(bytes)} of Avro) on ` +
        `${config.kafka.partitions} partitions; _bulk of ${maxDocs} docs, ${concurrency} in flight, linger ${lingerMs} ms`,
      [
        [
          'indexing',
          'ours (startSink)',
          'raw _bulk (es.bulk, bodies pre-serialised)',
          'ours / baseline',
          'target',
        ],
        ['docs/s', int(ourRate), int(baseRate), fixed(ratio), `ratio >= 0.8 (${verdict(ratio >= 0.8)})`],
        [
          'seconds',
          fixed(sinkSeconds),
          `${fixed(base.seconds)} (before ${fixed(baseBefore.seconds)}, after ${fixed(baseAfter.seconds)})`,
          '',
          '',
        ],
        ['documents in the index', int(ourCount), int(baseCount), '', ''],
        ['start-up (not timed above)', `${fixed((tReady - t0) / 1000)} s`, '', '', ''],
        ...cpuRows(
          'this process',
          [
            { cpu, count: docs },
            { cpu: sumCpu(baseBefore.cpu, baseAfter.cpu), count: 2 * docs },
          ],
          'document',
        ).map((row) => [...row, '', '']),
        [
          'dead letters / retries / failed',
          `${int(stats.deadLettered)} / ${int(stats.retries)}`,
          `- / - / ${int(base.failed)}`,
          '',
          '',
        ],
      ],
    )}\n${table(
      `commit-to-searchable latency, source + sink running: ${int(latency.inserted)} rows at ` +
        `${int(latency.achievedRate)} rows/s for ${fixed(latency.seconds, 1)} s, polled every ${pollMs} ms ` +
        `(${int(latency.missing)} never seen)`,
      [
        ['measured to the first poll that finds the row, from', 'rows', 'p50', 'p90', 'p99', 'max', 'target'],
        [
          'source.commitTime',
          int(latency.fromCommit.count),
          ...lat(latency.fromCommit),
          `p99 < 2 s (${verdict(latency.fromCommit.p99 < 2000)})`,
        ],
        [
          `source.commitTime, after the first ${warmupMs / 1000} s`,
          int(latency.steady.count),
          ...lat(latency.steady),
          `p99 < 2 s (${verdict(latency.steady.p99 < 2000)})`,
        ],
        ['INSERT acknowledged (inserter)', int(latency.fromAck.count), ...lat(latency.fromAck), ''],
      ],
    )}\n${table(`memory of this process while the sink indexed the backlog (${mem.samples} samples)`, [
      ['', 'start', 'peak', 'end'],
      ['rss', mib(mem.rss.start), mib(mem.rss.peak), mib(mem.rss.end)],
      ['heapUsed', mib(mem.heap.start), mib(mem.heap.peak), mib(mem.heap.end)],
    ])}\ntotal run time ${fixed(totalSeconds, 0)} s; at the start ${loadBefore}, at the end ${machineLoad()}\n`,
  );
}

/** Encodes `docs` generated rows as the source would and produces them; returns their documents. */
async function produceBacklog(
  connector: Awaited<ReturnType<typeof scratchConnector>>['connector'],
  config: ReturnType<typeof benchConfig>,
  topic: string,
): Promise<{ documents: Doc[]; bytes: number }> {
  const client = kafka();
  const admin = client.admin();
  await admin.connect();
  const base = { partitions: config.kafka.partitions, replicationFactor: config.kafka.replicationFactor };
  await ensureTopics(admin, [
    { ...base, topic, compression: config.kafka.compression },
    { ...base, topic: config.kafka.deadLetterTopic, compression: config.kafka.compression },
  ]);
  await admin.disconnect();
  const encode = await createEncoder(loadSchemas());
  const decoder = new Decoder({ schemas: [...loadSchemas().values()].map((s) => s.type) });
  const enrich = enrichOptions({ ageGroups: config.sink.ageGroups });
  const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const rows = createRowSource(tableName, { seed: 'bench-sink', clock: windowClock() });
  const documents: Doc[] = [];
  let bytes = 0;
  let deadLetters = 0;
  const bar = progress('produce backlog (records)', docs, 'records');
  const startLsn = 0x1_0000_0000n;
  try {
    for (let made = 0; made < docs; ) {
      const count = Math.min(2000, docs - made);
      const messages = [];
      for (let i = 0; i < count; i++) {
        const row = rows.next();
        const lsn = formatLsn(startLsn + BigInt(made + i) * 256n);
        const built = buildRecord(
          connector,
          'c',
          {
            id: row.id,
            process_stage: row.processStage ?? null,
            profile: row.profile,
            cr_by: row.crBy,
            cr_dtimes: row.crDtimes,
            upd_by: null,
            upd_dtimes: null,
            is_deleted: row.isDeleted,
            del_dtimes: null,
          },
          { lsn, txId: 1000 + Math.floor((made + i) / 2000), commitTime: Date.now() },
        );
        const out = toMessages(
          built,
          connector.kind,
          { records: topic, deadLetter: config.kafka.deadLetterTopic },
          encode,
        );
        if (built.kind === 'dead-letter') deadLetters += 1;
        for (const { message } of out) {
          const value = message.value as Buffer | null;
          if (built.kind !== 'change' || !value) continue;
          bytes += value.length;
          // The baseline's document: exactly what the sink makes of the decoded record.
          const record = (await decoder.decode(value)).value as ChangeRecord<unknown>;
          const { action } = guardedAction(connector, record, enrich, config.sink.softDelete);
          if ('body' in action)
            documents.push({
              id: action.id,
              json: JSON.stringify(action.body),
              version: Number(parseLsn(lsn)),
            });
        }
        messages.push(...out);
      }
      const byTopic = new Map<string, (typeof messages)[number]['message'][]>();
      for (const { topic: t, message } of messages) {
        const list = byTopic.get(t) ?? [];
        list.push(message);
        byTopic.set(t, list);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([t, list]) => ({ topic: t, messages: list })),
      });
      made += count;
      bar.update(made);
    }
  } finally {
    bar.stop();
    await producer.disconnect();
  }
  if (deadLetters > 0) note(`note: ${deadLetters} generated rows became dead letters`);
  return { documents, bytes };
}

/** The documents as es.bulk requests of `chunk` with `concurrency` in flight. */
async function rawBulk(
  es: Client,
  index: string,
  documents: readonly Doc[],
  chunk: number,
  concurrency: number,
): Promise<{ seconds: number; failed: number }> {
  const bar = progress('raw _bulk (docs)', documents.length, 'docs');
  let next = 0;
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < documents.length) {
      const slice = documents.slice(next, next + chunk);
      next += chunk;
      const operations: (Record<string, unknown> | string)[] = [];
      for (const d of slice) {
        operations.push({
          index: { _index: index, _id: d.id, version: d.version, version_type: 'external_gte' },
        });
        operations.push(d.json); // the client passes a string line through as it is
      }
      const response = await es.bulk({ operations });
      if (response.errors) failed += response.items.filter((item) => item.index?.error).length;
      sent += slice.length;
      bar.update(sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = (performance.now() - started) / 1000;
  bar.stop();
  return { seconds: elapsed, failed };
}

/** Source and sink running; rows inserted at a steady rate; polls Elasticsearch for them by id. */
async function endToEnd(
  connector: Awaited<ReturnType<typeof scratchConnector>>['connector'],
  url: string,
  config: ReturnType<typeof benchConfig>,
  sinkStats: { indexed: number },
): Promise<{
  inserted: number;
  seconds: number;
  achievedRate: number;
  missing: number;
  fromCommit: LatencyFigures;
  steady: LatencyFigures;
  fromAck: LatencyFigures;
}> {
  const source = await startSource(config, [connector]);
  const stopSource = once(() => source.stop());
  cleanup.add('stop the source', stopSource);
  await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
    timeoutMs: 60_000,
    what: 'the source to stream',
  });

  const publishedBefore = source.sources[0]?.stats.published ?? 0;
  const indexedBefore = sinkStats.indexed;
  const pending = new Map<string, number>();
  const fromCommit: { at: number; latency: number }[] = [];
  const fromAck: number[] = [];
  let ahead = 0;
  let acked = 0;
  let finished = false;
  const total = Math.round(rate * seconds);
  const bar = progress(`insert at ${int(rate)} rows/s`, total, 'rows');
  const insertStart = Date.now();
  const inserter = startInserter(
    { url, schema: connector.schema, table: tableName, rate, seconds, seed: name, reportIds: true },
    (m) => {
      if (m.type !== 'batch') return;
      acked += m.rows;
      for (const id of m.ids ?? []) pending.set(`${connector.name}:${id}`, m.ackedAt);
    },
  );
  cleanup.add('stop the inserter', async () => {
    if (inserter.child.exitCode === null) inserter.child.kill();
  });

  // A client of its own for polling: the sink's gives up on a node after one failed request.
  const poll = new Client({ node: config.elasticsearch.node, requestTimeout: 10_000 });
  let pollErrors = 0;
  const poller = (async () => {
    let quietSince = 0;
    for (;;) {
      const tick = Date.now();
      const ids = [...pending.keys()].slice(0, 10_000);
      const response =
        ids.length === 0
          ? undefined
          : await poll
              .search<{ source?: { commitTime?: string | null } }>({
                index: connector.index,
                query: { ids: { values: ids } },
                size: ids.length,
                _source: ['source.commitTime'],
              })
              .catch((err: unknown) => {
                pollErrors += 1;
                if (pollErrors === 1) note(`poll failed (retried next tick): ${(err as Error).message}`);
                return undefined;
              });
      if (response) {
        for (const hit of response.hits.hits) {
          const id = hit._id ?? '';
          const ackedAt = pending.get(id);
          if (ackedAt === undefined) continue;
          pending.delete(id);
          fromAck.push(tick - ackedAt);
          const commit = commitMillis(hit._source?.source?.commitTime ?? null);
          if (commit) {
            if (commit.ahead) ahead += 1;
            fromCommit.push({ at: commit.ms, latency: tick - commit.ms });
          }
        }
      }
      bar.update(
        acked,
        `in Kafka ${int((source.sources[0]?.stats.published ?? 0) - publishedBefore)}, indexed ${int(sinkStats.indexed - indexedBefore)}, searchable ${int(fromAck.length)}`,
      );
      if (finished && pending.size === 0) return;
      if (finished) {
        quietSince ||= Date.now();
        if (Date.now() - quietSince > 30_000) return; // rows never seen are reported as missing
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, pollMs - (Date.now() - tick))));
    }
  })();
  const done = await inserter.done;
  finished = true;
  await poller;
  bar.stop();
  await poll.close();
  await stopSource();
  note(`commit-to-searchable latency over time (ms): ${latencyOverTime(fromCommit, insertStart, 5000)}`);
  if (ahead > 0)
    note(`warning: ${int(ahead)} documents carry a source.commitTime more than a minute ahead of the clock`);
  return {
    inserted: done.rows,
    seconds: done.seconds,
    achievedRate: done.rows / done.seconds,
    missing: pending.size,
    fromCommit: latencyFigures(fromCommit.map((f) => f.latency)),
    steady: latencyFigures(fromCommit.filter((f) => f.at >= insertStart + warmupMs).map((f) => f.latency)),
    fromAck: latencyFigures(fromAck),
  };
}

try {
  await main();
} finally {
  await cleanup.run();
}
