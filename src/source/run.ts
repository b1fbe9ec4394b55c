import { databaseUrl } from '../config/database-url.ts';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type Connector, topicOf } from '../connectors/connector.ts';
import { createEncoder } from '../encode/encoder.ts';
import { RegistryClient } from '../encode/registry-client.ts';
import { kafkaClient } from '../kafka/client.ts';
import { connectedProducer } from '../kafka/producer.ts';
import { ensurePipelineTopics, stateTopic } from '../kafka/topics.ts';
import { loadSchemas } from '../kinds/schemas.ts';
import { log } from '../util/log.ts';
import { ConnectorSource } from './connector-source.ts';
import { KafkaStateStore } from './state.ts';

export type RunningSource = {
  sources: ConnectorSource[];
  /** Resolves when every connector has stopped (initial_only: after its snapshot). */
  done: Promise<void>;
  stop(): Promise<void>;
};

/** Starts the source of each connector in this process: topics, schemas, state, then snapshot and stream. */
export async function startSource(
  config: PipelineConfig,
  connectors: readonly Connector[],
): Promise<RunningSource> {
  const kafka = kafkaClient(config.kafka, 'source');
  await ensurePipelineTopics(kafka, config.kafka, connectors);
  const topic = (c: Connector) => topicOf(c, config.kafka.topicPrefix);

  const registryUrl = config.kafka.schemaRegistryUrl;
  const subjects = new Map<string, string[]>();
  for (const c of connectors) subjects.set(c.kind, [...(subjects.get(c.kind) ?? []), `${topic(c)}-value`]);
  subjects.set('deadletter', [`${config.kafka.deadLetterTopic}-value`]);
  const encode = await createEncoder(
    loadSchemas(),
    registryUrl ? { client: new RegistryClient({ url: registryUrl }), subjects } : undefined,
  );

  const producer = await connectedProducer(kafka);
  const state = new KafkaStateStore(kafka, producer, stateTopic(config.kafka));
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
