import type { Producer } from 'kafkajs';
import { databaseUrl } from '../config/database-url.ts';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type Connector, topicOf } from '../connectors/connector.ts';
import { defaultDeadLetterLimits } from '../encode/dead-letter.ts';
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
  const limits = await ensurePipelineTopics(kafka, config.kafka, connectors);
  const topic = (c: Connector) => topicOf(c, config.kafka.topicPrefix);
  const limitOf = (name: string) => limits.get(name) ?? config.kafka.maxMessageBytes;
  const letters = { ...defaultDeadLetterLimits, rawBytes: config.kafka.deadLetterRawBytes };

  const registryUrl = config.kafka.schemaRegistryUrl;
  const subjects = new Map<string, string[]>();
  for (const c of connectors) subjects.set(c.kind, [...(subjects.get(c.kind) ?? []), `${topic(c)}-value`]);
  subjects.set('deadletter', [`${config.kafka.deadLetterTopic}-value`]);
  const encode = await createEncoder(
    loadSchemas(),
    registryUrl ? { client: new RegistryClient({ url: registryUrl }), subjects } : undefined,
  );

  const stateProducer = await connectedProducer(kafka);
  const producers: Producer[] = [stateProducer];
  const disconnect = () => Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  try {
    const state = new KafkaStateStore(kafka, stateProducer, stateTopic(config.kafka));
    const saved = await state.load();
    const sources: ConnectorSource[] = [];
    for (const c of connectors) {
      // A producer per connector: a record one topic refuses, or a slow topic, never queues another's.
      const producer = await connectedProducer(kafka);
      producers.push(producer);
      const topics = { records: topic(c), deadLetter: config.kafka.deadLetterTopic };
      sources.push(
        new ConnectorSource({
          connector: c,
          url: databaseUrl(config.postgres, c.database),
          producer,
          encoding: {
            encode,
            topics,
            maxBytes: { records: limitOf(topics.records), deadLetter: limitOf(topics.deadLetter) },
            letters,
            maxProfileBytes: config.source.maxProfileBytes,
          },
          state,
          savedState: saved.get(c.name),
          options: config.source,
        }),
      );
    }
    const done = allStopped(sources);
    return {
      sources,
      done,
      async stop() {
        await Promise.all(sources.map((s) => s.stop()));
        await done.catch(() => undefined);
        await disconnect();
      },
    };
  } catch (err) {
    await disconnect();
    throw err;
  }
}

/**
 * Resolves once every connector has stopped. A connector that fails for good is logged and left stopped
 * (health reports it) while the others go on; only when every one has failed does this reject.
 */
async function allStopped(sources: readonly ConnectorSource[]): Promise<void> {
  const results = await Promise.allSettled(
    sources.map((s) =>
      s.run().catch((err: unknown) => {
        log.fatal({ err, connector: s.name }, 'connector stopped for good; the others go on');
        throw err;
      }),
    ),
  );
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0 && failed.length === results.length)
    throw (failed[0] as PromiseRejectedResult).reason;
}
