import type { Client } from '@elastic/elasticsearch';
import { type EachBatchPayload, Partitioners } from 'kafkajs';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type Connector, topicOf } from '../connectors/connector.ts';
import { createEncoder } from '../encode/encoder.ts';
import { type ChangeRecord, Decoder, loadSchemas, RegistryClient } from '../encode/index.ts';
import { enrichOptions } from '../enrich/options.ts';
import { kafkaClient } from '../kafka/client.ts';
import { ensureTopics } from '../kafka/topics.ts';
import type { CanonicalProfiles } from '../normalise/types.ts';
import { parseLsn } from '../source/lsn.ts';
import { log } from '../util/log.ts';
import type { BulkAction, ItemResult } from './bulk/action.ts';
import { BulkIndexer } from './bulk/indexer.ts';
import { SinkDeadLetters } from './dead-letter.ts';
import { guardedAction } from './document/guarded-action.ts';
import { bundledIndexBodies } from './document/mappings.ts';
import { elasticsearchClient } from './elasticsearch.ts';
import { ensureIndex } from './indices.ts';
import { newSinkStats, type SinkObserver, type SinkStats } from './stats.ts';

export type RunningSink = {
  stats: SinkStats;
  /** Topic -> partition -> next offset to read, as committed; for the lag metric. */
  groupId: string;
  topics: string[];
  /** False once the consumer crashed for good (liveness). */
  healthy(): boolean;
  stop(): Promise<void>;
};

/**
 * One _bulk request of pre-serialised NDJSON; one result per action. Elasticsearch answers only each item's
 * status and error (filter_path): the full answer (index, id, version, shards, seq_no... per item) costs
 * Elasticsearch CPU to write and ours to parse, and is not read.
 */
function bulkSender(es: Client) {
  return async (body: string): Promise<ItemResult[]> => {
    const response = (await es.transport.request({
      method: 'POST',
      path: '/_bulk',
      querystring: { filter_path: 'items.*.status,items.*.error' },
      bulkBody: body,
    })) as { items?: Record<string, ItemResult>[] };
    const { items } = response;
    if (!items) throw new Error('the _bulk answer has no items');
    const results: ItemResult[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Record<string, ItemResult>;
      for (const op in item) results[i] = item[op] as ItemResult; // one key: the action's op
    }
    return results;
  };
}

/**
 * Consumes the connectors' topics as one consumer group, indexes each record into its connector's
 * index, and commits a partition's offset only when every record before it is in Elasticsearch or in
 * the dead-letter topic.
 */
export async function startSink(
  config: PipelineConfig,
  connectors: readonly Connector[],
  observer: SinkObserver = {},
): Promise<RunningSink> {
  const stats = newSinkStats();
  const es = elasticsearchClient(config.elasticsearch);
  const bodies = bundledIndexBodies();
  for (const c of connectors) {
    const state = await ensureIndex(es, c.index, bodies[c.kind], config.sink);
    if (!state.current)
      log.warn({ ...state }, 'the alias points at an older mapping version; run profile-cdc reindex');
    else if (state.created) log.info({ ...state }, 'created index');
  }

  const kafka = kafkaClient(config.kafka, 'sink');
  const admin = kafka.admin();
  await admin.connect();
  const byTopic = new Map(connectors.map((c) => [topicOf(c, config.kafka.topicPrefix), c]));
  const base = { partitions: config.kafka.partitions, replicationFactor: config.kafka.replicationFactor };
  await ensureTopics(admin, [
    ...[...byTopic.keys()].map((topic) => ({ ...base, topic })),
    { ...base, topic: config.kafka.deadLetterTopic },
  ]);
  await admin.disconnect();

  const schemas = loadSchemas();
  const registry = config.kafka.schemaRegistryUrl
    ? new RegistryClient({ url: config.kafka.schemaRegistryUrl })
    : undefined;
  const decoder = new Decoder({
    schemas: [...schemas.values()].map((s) => s.type),
    ...(registry ? { registry } : {}),
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const deadLetters = new SinkDeadLetters(
    producer,
    config.kafka.deadLetterTopic,
    await createEncoder(
      schemas,
      registry
        ? { client: registry, subjects: new Map([['deadletter', [`${config.kafka.deadLetterTopic}-value`]]]) }
        : undefined,
    ),
  );
  const enrich = enrichOptions({ ageGroups: config.sink.ageGroups });
  const indexer = new BulkIndexer(bulkSender(es), config.sink.bulk, {
    request: (seconds, actions, bytes) => {
      observer.elasticsearch?.(true);
      observer.bulk?.(seconds, actions, bytes);
    },
    retry: (status, items, waitMs, reason) => {
      stats.retries += 1;
      observer.retry?.(status);
      if (status === 0) observer.elasticsearch?.(false);
      log.warn(
        { status, items, waitMs: Math.round(waitMs), reason },
        'Elasticsearch did not take everything; retrying',
      );
    },
  });

  /** One record all the way: decoded, guarded, indexed (or dead-lettered). */
  async function handle(
    connector: Connector,
    { value, offset }: { value: Buffer | null; offset: string },
    batch: { topic: string; partition: number },
  ): Promise<void> {
    stats.consumed += 1;
    if (value === null) return; // tombstone: the delete event before it did the work
    let record: ChangeRecord<CanonicalProfiles[typeof connector.kind]>;
    try {
      // Without a promise when the schema is at hand (nearly always).
      record = (decoder.decodeNow(value) ?? (await decoder.decode(value))).value as typeof record;
    } catch (err) {
      stats.deadLettered += 1;
      observer.record?.(connector.index, 'dead-lettered', null);
      const at = { topic: batch.topic, partition: batch.partition, offset };
      return deadLetters.undecodable(connector, value, at, (err as Error).message);
    }
    return index(connector, value, record);
  }

  /**
   * Submits the record's action to the indexer. Only what its outcome needs is kept until then, not the
   * record or its document: thousands wait in the indexer at a time, and the garbage collector would
   * copy them all the while.
   */
  function index<K extends Connector['kind']>(
    connector: Connector & { kind: K },
    value: Buffer,
    record: ChangeRecord<CanonicalProfiles[K]>,
  ): Promise<void> {
    const { action, dropped } = guardedAction(connector, record, enrich, config.sink.softDelete);
    for (const path of dropped) {
      stats.dropped.set(path, (stats.dropped.get(path) ?? 0) + 1);
      observer.dropped?.(connector.index, path);
    }
    const version = parseLsn(record.source.lsn);
    const bulk: BulkAction =
      'delete' in action
        ? { index: connector.index, id: action.id, op: 'delete', version }
        : 'partial' in action
          ? { index: connector.index, id: action.id, op: 'update', body: action.partial }
          : { index: connector.index, id: action.id, op: 'index', body: action.body, version };
    const result = bulk.op === 'delete' ? 'deleted' : bulk.op === 'update' ? 'updated' : 'indexed';
    const { commitTime } = record.source;
    const snapshot = record.op === 'r';
    return indexer.submit(bulk).then(async (outcome) => {
      if (!outcome.ok) {
        stats.deadLettered += 1;
        observer.record?.(connector.index, 'dead-lettered', null);
        // The letter holds the record, decoded again: refusals are rare.
        const refused = (decoder.decodeNow(value) ?? (await decoder.decode(value))).value as typeof record;
        return deadLetters.refused(connector, refused, outcome.reason);
      }
      stats[result] += 1;
      const latency = commitTime ? (Date.now() - Date.parse(commitTime)) / 1000 : null;
      if (latency !== null) stats.lastLatencySeconds = latency;
      // Snapshot reads have no commit time: their latency says nothing about the stream.
      observer.record?.(connector.index, result, snapshot ? null : latency);
    });
  }

  const consumer = kafka.consumer({ groupId: config.sink.groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  let crashed = false;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crashed = !payload.restart;
    log.error({ err: payload.error, restart: payload.restart }, 'sink consumer crashed');
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...byTopic.keys()], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: config.sink.partitionsConcurrently,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload) => {
      const connector = byTopic.get(batch.topic) as Connector;
      if (batch.messages.length === 0 || !isRunning() || isStale()) return;
      // Heartbeats keep the group membership while Elasticsearch is slow or down.
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 3000);
      let done = 0;
      try {
        // In slices of what the indexer can have in flight: a whole fetch at once would queue tens of
        // thousands of documents, and memory and garbage collection would grow with it.
        const slice = config.sink.bulk.maxDocs * config.sink.bulk.concurrency;
        while (done < batch.messages.length && isRunning()) {
          const part = batch.messages.slice(done, done + slice);
          await Promise.all(part.map((m) => handle(connector, m, batch)));
          done += part.length;
        }
      } finally {
        clearInterval(beat);
      }
      const last = batch.messages[done - 1];
      if (!last) return;
      // Only what is finished: moves the fetch position past it (else it is fetched again) and commits.
      resolveOffset(last.offset);
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
    },
  });

  return {
    stats,
    groupId: config.sink.groupId,
    topics: [...byTopic.keys()],
    healthy: () => !crashed,
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
      await es.close();
    },
  };
}
