import type { Kafka } from 'kafkajs';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type TableConnector, topicOf } from '../connectors/connector.ts';
import { defaultDeadLetterLimits } from '../encode/dead-letter.ts';
import { encoderFor, registerSchemas } from '../encode/encoder.ts';
import { RegistryClient } from '../encode/registry-client.ts';
import { ensurePipelineTopics } from '../kafka/topics.ts';
import { loadSchemas } from '../kinds/schemas.ts';
import type { RowEncoding } from './messages.ts';

/**
 * How each connector's rows become messages: the topics (created when missing, their size limits read), the
 * encoder (registering the schemas under `<topic>-value` in registry mode) and the limits from the settings.
 * The source and `profile-cdc dead-letters replay` share it, so a replayed row is encoded as the source would.
 */
export async function rowEncodings(
  kafka: Kafka,
  config: PipelineConfig,
  connectors: readonly TableConnector[],
): Promise<Map<string, RowEncoding>> {
  const limits = await ensurePipelineTopics(kafka, config.kafka, connectors);
  const topic = (c: TableConnector) => topicOf(c, config.kafka.topicPrefix);
  const limitOf = (name: string) => limits.get(name) ?? config.kafka.maxMessageBytes;
  const letters = { ...defaultDeadLetterLimits, rawBytes: config.kafka.deadLetterRawBytes };
  const registryUrl = config.kafka.schemaRegistryUrl;
  const subjects = new Map<string, string[]>();
  for (const c of connectors) subjects.set(c.kind, [...(subjects.get(c.kind) ?? []), `${topic(c)}-value`]);
  subjects.set('deadletter', [`${config.kafka.deadLetterTopic}-value`]);
  const schemas = loadSchemas();
  const schemaIds = registryUrl
    ? await registerSchemas(schemas, { client: new RegistryClient({ url: registryUrl }), subjects })
    : null;
  const encode = encoderFor(schemas, schemaIds ?? undefined);
  const encodings = new Map<string, RowEncoding>();
  for (const c of connectors) {
    const topics = { records: topic(c), deadLetter: config.kafka.deadLetterTopic };
    encodings.set(c.name, {
      encode,
      topics,
      maxBytes: { records: limitOf(topics.records), deadLetter: limitOf(topics.deadLetter) },
      letters,
      maxProfileBytes: config.source.maxProfileBytes,
      schemaIds,
    });
  }
  return encodings;
}
