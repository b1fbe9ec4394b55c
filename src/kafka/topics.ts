import type { Admin, ITopicConfig } from 'kafkajs';

export type TopicSpec = {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka's compression.type for the topic: 'producer' keeps what the producer sent. */
  compression?: string;
  compacted?: boolean;
};

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
