import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type Connector, topicOf } from '../connectors/connector.ts';

export type TopicSpec = {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka's compression.type for the topic: 'producer' keeps what the producer sent. */
  compression?: string;
  compacted?: boolean;
};

/** The compacted topic where the source keeps what survives a restart besides its slots. */
export const stateTopic = (kafka: PipelineConfig['kafka']) => `${kafka.topicPrefix}.profile-cdc.source-state`;

/**
 * Every topic the pipeline uses, with its settings: one record topic per connector, the dead-letter topic
 * and the source's state topic. Source and sink both create what is missing from this one list, so a
 * topic gets the same settings whichever process starts first.
 */
function pipelineTopics(kafka: PipelineConfig['kafka'], connectors: readonly Connector[]): TopicSpec[] {
  const base = { partitions: kafka.partitions, replicationFactor: kafka.replicationFactor };
  return [
    ...connectors.map((c) => ({
      ...base,
      topic: topicOf(c, kafka.topicPrefix),
      compression: kafka.compression,
    })),
    { ...base, topic: kafka.deadLetterTopic, compression: kafka.compression },
    { topic: stateTopic(kafka), partitions: 1, replicationFactor: kafka.replicationFactor, compacted: true },
  ];
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((s) => !existing.has(s.topic))
    .map((s) => ({
      topic: s.topic,
      numPartitions: s.partitions,
      replicationFactor: s.replicationFactor,
      configEntries: [
        ...(s.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
        ...(s.compression ? [{ name: 'compression.type', value: s.compression }] : []),
      ],
    }));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((t) => t.topic);
}

/** ensureTopics over a short-lived admin connection. */
export async function ensurePipelineTopics(
  kafka: Kafka,
  config: PipelineConfig['kafka'],
  connectors: readonly Connector[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, pipelineTopics(config, connectors));
  } finally {
    await admin.disconnect();
  }
}
