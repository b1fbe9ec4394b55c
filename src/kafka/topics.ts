import { setTimeout as delay } from 'node:timers/promises';
import kafkajs, { type Admin, type ITopicConfig, type Kafka } from 'kafkajs';
import type { PipelineConfig } from '../config/pipeline.ts';
import { type TableConnector, topicOf } from '../connectors/connector.ts';
import { backoffMs } from '../util/backoff.ts';
import { log } from '../util/log.ts';
import { isPermanent } from './errors.ts';

// kafkajs is CommonJS, and Node sees only its first few exports as named ones.
const { ConfigResourceTypes } = kafkajs;

export type TopicSpec = {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka's compression.type for the topic: 'producer' keeps what the producer sent. */
  compression?: string;
  compacted?: boolean;
  /** The topic's max.message.bytes. */
  maxMessageBytes?: number;
  /** The topic's min.insync.replicas; unset keeps the broker's default. */
  minInsyncReplicas?: number | undefined;
};

/** The compacted topic where the source keeps what survives a restart besides its slots. */
export const stateTopic = (kafka: PipelineConfig['kafka']) => `${kafka.topicPrefix}.profile-cdc.source-state`;

/** The consumer groups that read the state topic back get this prefix (one per read, deleted after it). */
export const stateReaderGroupPrefix = 'profile-cdc-state-reader-';

/** Each sink process reads the master topics whole in a group of its own, named with this prefix, never committed. */
export const masterReaderGroupPrefix = (sinkGroup: string) => `${sinkGroup}-master-reader-`;

/**
 * Every topic the pipeline uses, with its settings: one record topic per connector, the dead-letter topic
 * and the source's state topic. Source and sink both create what is missing from this one list, so a
 * topic gets the same settings whichever process starts first.
 */
export function pipelineTopics(
  kafka: PipelineConfig['kafka'],
  connectors: readonly TableConnector[],
): TopicSpec[] {
  const base = {
    partitions: kafka.partitions,
    replicationFactor: kafka.replicationFactor,
    maxMessageBytes: kafka.maxMessageBytes,
    minInsyncReplicas: kafka.minInsyncReplicas,
  };
  return [
    ...connectors.map((c) => ({
      ...base,
      topic: topicOf(c, kafka.topicPrefix),
      compression: kafka.compression,
    })),
    { ...base, topic: kafka.deadLetterTopic, compression: kafka.compression },
    { ...base, topic: stateTopic(kafka), partitions: 1, compacted: true },
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
        ...(s.maxMessageBytes ? [{ name: 'max.message.bytes', value: String(s.maxMessageBytes) }] : []),
        ...(s.minInsyncReplicas ? [{ name: 'min.insync.replicas', value: String(s.minInsyncReplicas) }] : []),
      ],
    }));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((t) => t.topic);
}

/** Each topic's max.message.bytes as the broker applies it (the topic's own, else the broker default). */
export async function topicMessageLimits(
  admin: Admin,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: ['max.message.bytes'],
    })),
  });
  const limits = new Map<string, number>();
  for (const r of resources) {
    const value = Number(r.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
    if (Number.isFinite(value) && value > 0) limits.set(r.resourceName, value);
  }
  return limits;
}

/**
 * Retries a transient failure a few times: on a cluster, a broker learns of a topic created a moment ago
 * only a little later, and answers "does not host this topic-partition" until then.
 */
export async function untilSettled<T>(step: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt + 1 >= attempts || isPermanent(err)) throw err;
      await delay(backoffMs(attempt, { initialMs: 100, maxMs: 2_000, jitter: true }));
    }
  }
}

/** The largest message each topic takes from us: kafka.maxMessageBytes, or the topic's own smaller limit. */
export type MessageLimits = ReadonlyMap<string, number>;

/**
 * Creates the pipeline's missing topics and reads the message size limit of every one. A topic that exists
 * with a smaller limit than kafka.maxMessageBytes is reported, and its own limit is the one enforced.
 */
export async function ensurePipelineTopics(
  kafka: Kafka,
  config: PipelineConfig['kafka'],
  connectors: readonly TableConnector[],
): Promise<MessageLimits> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const specs = pipelineTopics(config, connectors);
    const found = await untilSettled(async () => {
      await ensureTopics(admin, specs);
      return topicMessageLimits(
        admin,
        specs.map((s) => s.topic),
      );
    });
    const limits = new Map<string, number>();
    for (const { topic } of specs) {
      const own = found.get(topic) ?? config.maxMessageBytes;
      if (own < config.maxMessageBytes) {
        log.warn(
          { topic, maxMessageBytes: own, configured: config.maxMessageBytes },
          'the topic takes smaller messages than kafka.maxMessageBytes: larger records are dead-lettered',
        );
      }
      limits.set(topic, Math.min(own, config.maxMessageBytes));
    }
    return limits;
  } finally {
    await admin.disconnect();
  }
}
