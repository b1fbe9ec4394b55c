import type { PipelineConfig } from '../config/pipeline.ts';
import { type Connector, type MasterConnector, topicOf } from '../connectors/connector.ts';
import { defaultDeadLetterLimits } from '../encode/dead-letter.ts';
import { Decoder } from '../encode/decoder.ts';
import { createEncoder } from '../encode/encoder.ts';
import { RegistryClient } from '../encode/registry-client.ts';
import { enrichOptions } from '../enrich/options.ts';
import { kafkaClient } from '../kafka/client.ts';
import { connectedProducer } from '../kafka/producer.ts';
import { ensurePipelineTopics } from '../kafka/topics.ts';
import { kindNamed } from '../kinds/index.ts';
import { loadSchemas } from '../kinds/schemas.ts';
import { log } from '../util/log.ts';
import { partitionBatches } from './batches.ts';
import { BulkIndexer } from './bulk/indexer.ts';
import { bulkSender } from './bulk/sender.ts';
import { SinkDeadLetters } from './dead-letter.ts';
import { elasticsearchClient } from './elasticsearch.ts';
import { ensureIndices } from './indices.ts';
import { type MasterFeed, startMasterFeed } from './master/feed.ts';
import { CentreFiller } from './master/fill.ts';
import { MasterLookup } from './master/lookup.ts';
import { RecordHandler } from './record-handler.ts';
import { newSinkStats, type SinkObserver, type SinkStats } from './stats.ts';

export type RunningSink = {
  stats: SinkStats;
  groupId: string;
  topics: string[];
  /** Each connector's topic, by connector name. */
  connectorTopics: ReadonlyMap<string, string>;
  /** When the sink started consuming (epoch ms): the progress of a connector that has finished nothing yet. */
  startedAt: number;
  /** False once the consumer crashed for good (liveness). */
  healthy(): boolean;
  stop(): Promise<void>;
};

/**
 * Consumes the connectors' topics as one consumer group, indexes each record into its connector's
 * index, and commits a partition's offset only when every record before it is in Elasticsearch or in
 * the dead-letter topic. With master connectors, the master topics are read first into a lookup table the
 * documents are joined with, and followed while the sink runs.
 */
export async function startSink(
  config: PipelineConfig,
  connectors: readonly Connector[],
  observer: SinkObserver = {},
  masters: readonly MasterConnector[] = [],
): Promise<RunningSink> {
  const stats = newSinkStats();
  const es = elasticsearchClient(config.elasticsearch);
  await ensureIndices(es, connectors, config.sink).catch(async (err: unknown) => {
    await es.close();
    throw err;
  });
  const kafka = kafkaClient(config.kafka, 'sink');
  await ensurePipelineTopics(kafka, config.kafka, [...connectors, ...masters]);
  const letterLimits = { ...defaultDeadLetterLimits, rawBytes: config.kafka.deadLetterRawBytes };
  const byTopic = new Map(connectors.map((c) => [topicOf(c, config.kafka.topicPrefix), c]));

  const schemas = loadSchemas();
  const registry = config.kafka.schemaRegistryUrl
    ? new RegistryClient({ url: config.kafka.schemaRegistryUrl })
    : undefined;
  const producer = await connectedProducer(kafka);
  const deadLetterEncoder = await createEncoder(
    schemas,
    registry
      ? { client: registry, subjects: new Map([['deadletter', [`${config.kafka.deadLetterTopic}-value`]]]) }
      : undefined,
  );
  const indexer = new BulkIndexer(bulkSender(es), config.sink.bulk, {
    request: (seconds, actions, bytes) => {
      stats.problem = null;
      observer.elasticsearch?.(true);
      observer.bulk?.(seconds, actions, bytes);
    },
    retry: (status, items, waitMs, reason) => {
      stats.retries += 1;
      stats.problem = `Elasticsearch: ${status === 0 ? reason : `status ${status}`}`;
      observer.retry?.(status);
      if (status === 0) observer.elasticsearch?.(false);
      log.warn(
        { status, items, waitMs: Math.round(waitMs), reason },
        'Elasticsearch did not take everything; retrying',
      );
    },
  });
  const decoder = new Decoder({
    schemas: [...schemas.values()].map((s) => s.type),
    ...(registry ? { registry } : {}),
  });
  const lookup = new MasterLookup(config.master.language);
  const records = new RecordHandler({
    decoder,
    indexer,
    deadLetters: new SinkDeadLetters(
      producer,
      config.kafka.deadLetterTopic,
      deadLetterEncoder,
      letterLimits,
      (connector, category) => {
        stats.deadLettered += 1;
        stats.progress.set(connector.name, Date.now());
        observer.record?.(connector.index, 'dead-lettered', null);
        observer.deadLetter?.(connector.name, category);
      },
    ),
    options: {
      enrich: enrichOptions({ ageGroups: config.sink.ageGroups, master: lookup }),
      softDelete: config.sink.softDelete,
    },
    stats,
    observer,
  });

  const filler = new CentreFiller({
    es,
    indices: connectors
      .map((c) => ({ index: c.index, mappings: kindNamed(c.kind).indexBody.mappings }))
      .filter((target) => Object.hasOwn(target.mappings.properties, 'centre')),
    lookup,
    limit: config.master.fillLimit,
    settled: () => records.settled(),
    ...(observer.centreFilled ? { filled: observer.centreFilled } : {}),
  });
  const masterFeed = await followMasterData(config, kafka, masters, decoder, lookup, filler, observer);

  // kafkajs' 30 s session: shorter ones expired while a busy process (four snapshots at once) could not
  // answer in time, and the group kept rebalancing. The batch loop heartbeats every 3 s.
  const consumer = kafka.consumer({ groupId: config.sink.groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  let crashed = false;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crashed = !payload.restart;
    log.error({ err: payload.error, restart: payload.restart }, 'sink consumer crashed');
  });
  await consumer.connect();
  const startedAt = Date.now();
  await consumer.subscribe({ topics: [...byTopic.keys()], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: config.sink.partitionsConcurrently,
    eachBatch: partitionBatches({
      connectorOf: (topic) => byTopic.get(topic) as Connector,
      records,
      sliceSize: config.sink.bulk.maxDocs * config.sink.bulk.concurrency,
      commit: (offsets) => consumer.commitOffsets(offsets),
    }),
  });

  return {
    stats,
    groupId: config.sink.groupId,
    topics: [...byTopic.keys()],
    connectorTopics: new Map([...byTopic].map(([topic, c]) => [c.name, topic])),
    startedAt,
    healthy: () => !crashed,
    async stop() {
      await masterFeed?.stop();
      await consumer.disconnect();
      await filler.stop();
      await producer.disconnect();
      await es.close();
    },
  };
}

/**
 * Reads the master topics into `lookup` before profiles are indexed (up to master.loadTimeoutMs), then
 * follows them; documents indexed before their centre was known (an earlier run) are swept and filled.
 */
async function followMasterData(
  config: PipelineConfig,
  kafka: ReturnType<typeof kafkaClient>,
  masters: readonly MasterConnector[],
  decoder: Decoder,
  lookup: MasterLookup,
  filler: CentreFiller,
  observer: SinkObserver,
): Promise<MasterFeed | undefined> {
  if (masters.length === 0) return undefined;
  const topics = new Map(masters.map((m) => [topicOf(m, config.kafka.topicPrefix), m]));
  const feed = await startMasterFeed(kafka, topics, decoder, lookup, {
    sinkGroup: config.sink.groupId,
    loadTimeoutMs: config.master.loadTimeoutMs,
    changed: (ids) => filler.request(ids),
    sizes: (sizes) => {
      for (const [kind, rows] of Object.entries(sizes)) observer.masterRows?.(kind, rows);
    },
  });
  await feed.loaded;
  filler
    .sweep()
    .catch((err: unknown) => log.warn({ err }, 'the sweep for documents without their centre failed'));
  return feed;
}
