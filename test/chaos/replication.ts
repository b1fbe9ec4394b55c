import type { Client as Elasticsearch } from '@elastic/elasticsearch';
import kafkajs, { type Kafka } from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;

export type Replication = {
  /** Fewest replicas of any partition of the topics, and fewest in sync. */
  minReplicas: number;
  minInSync: number;
  /** Smallest min.insync.replicas among the topics. */
  minInsyncSetting: number;
  /** Fewest replicas any of the indices has. */
  indexReplicas: number;
};

/** How the pipeline's topics and indices are replicated on the cluster, as the brokers and nodes report it. */
export async function replication(
  kafka: Kafka,
  topics: readonly string[],
  es: Elasticsearch,
  indices: readonly string[],
): Promise<Replication> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
    const partitions = meta.topics.flatMap((t) => t.partitions);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    const settings = await es.indices.getSettings({ index: [...indices] });
    return {
      minReplicas: Math.min(...partitions.map((p) => p.replicas.length)),
      minInSync: Math.min(...partitions.map((p) => p.isr.length)),
      minInsyncSetting: Math.min(
        ...configs.resources.map((r) => Number(r.configEntries[0]?.configValue ?? 1)),
      ),
      indexReplicas: Math.min(
        ...Object.values(settings).map((s) => Number(s.settings?.index?.number_of_replicas ?? 0)),
      ),
    };
  } finally {
    await admin.disconnect();
  }
}
