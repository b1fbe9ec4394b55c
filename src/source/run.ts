import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { databaseUrl } from '../config/database-url.ts';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type Connector, topicOf } from '../connectors/connector.ts';
import { createEncoder } from '../encode/encoder.ts';
import { loadSchemas } from '../encode/load-schemas.ts';
import { RegistryClient } from '../encode/registry-client.ts';
import { kafkaClient } from '../kafka/client.ts';
import { ensureTopics } from '../kafka/topics.ts';
import { log } from '../util/log.ts';
import { ConnectorSource } from './connector-source.ts';
import { KafkaStateStore } from './state.ts';

export type RunningSource = {
  sources: ConnectorSource[];
  /** Resolves when every connector has stopped (initial_only: after its snapshot). */
  done: Promise<void>;
  stop(): Promise<void>;
};

export const stateTopic = (config: PipelineConfig) => `${config.kafka.topicPrefix}.profile-cdc.source-state`;

async function producerFor(kafka: Kafka): Promise<Producer> {
  // Idempotent with one request in flight: a retried request can neither duplicate nor reorder.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/** Starts the source of each connector in this process: topics, schemas, state, then snapshot and stream. */
export async function startSource(
  config: PipelineConfig,
  connectors: readonly Connector[],
): Promise<RunningSource> {
  const kafka = kafkaClient(config.kafka, 'source');
  const admin = kafka.admin();
  await admin.connect();
  const topic = (c: Connector) => topicOf(c, config.kafka.topicPrefix);
  const base = { partitions: config.kafka.partitions, replicationFactor: config.kafka.replicationFactor };
  await ensureTopics(admin, [
    ...connectors.map((c) => ({ ...base, topic: topic(c), compression: config.kafka.compression })),
    { ...base, topic: config.kafka.deadLetterTopic, compression: config.kafka.compression },
    { topic: stateTopic(config), partitions: 1, replicationFactor: base.replicationFactor, compacted: true },
  ]);
  await admin.disconnect();

  const schemas = loadSchemas();
  const registryUrl = config.kafka.schemaRegistryUrl;
  const subjects = new Map<string, string[]>();
  for (const c of connectors) subjects.set(c.kind, [...(subjects.get(c.kind) ?? []), `${topic(c)}-value`]);
  subjects.set('deadletter', [`${config.kafka.deadLetterTopic}-value`]);
  const encode = await createEncoder(
    schemas,
    registryUrl ? { client: new RegistryClient({ url: registryUrl }), subjects } : undefined,
  );

  const producer = await producerFor(kafka);
  const state = new KafkaStateStore(kafka, producer, stateTopic(config));
  const saved = await state.load().catch(async (err: unknown) => {
    await producer.disconnect();
    throw err;
  });
  const sources = connectors.map(
    (c) =>
      new ConnectorSource({
        connector: c,
        url: databaseUrl(config.postgres, c.database),
        producer,
        encode,
        topics: { records: topic(c), deadLetter: config.kafka.deadLetterTopic },
        state,
        savedState: saved.get(c.name),
        options: config.source,
      }),
  );
  const done = Promise.all(sources.map((s) => s.run())).then(() => undefined);
  done.catch((err) => log.error({ err }, 'source failed'));
  return {
    sources,
    done,
    async stop() {
      await Promise.all(sources.map((s) => s.stop()));
      await done.catch(() => undefined);
      await producer.disconnect();
    },
  };
}
