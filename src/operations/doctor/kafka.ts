import kafkajs from 'kafkajs';
import type { PipelineConfig } from '../../config/pipeline.ts';
import { type Connector, type MasterConnector, topicOf } from '../../connectors/connector.ts';
import { kafkaClient, probeClientOptions } from '../../kafka/client.ts';
import { pipelineTopics } from '../../kafka/topics.ts';
import { consumerLag } from '../metrics/watch.ts';
import { type Check, pass, problem } from './check.ts';

const { ConfigResourceTypes } = kafkajs;
const area = 'kafka';

/** The cluster, every topic the pipeline uses with the settings that matter, and the sink group's lag. */
export async function checkKafka(
  config: PipelineConfig,
  connectors: readonly Connector[],
  masters: readonly MasterConnector[] = [],
): Promise<Check[]> {
  const admin = kafkaClient(config.kafka, 'doctor', probeClientOptions).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const checks: Check[] = [
      pass(
        area,
        'cluster',
        'reachable',
        `${cluster.brokers.length} broker(s) at ${config.kafka.brokers.join(', ')}`,
      ),
    ];
    const specs = pipelineTopics(config.kafka, [...connectors, ...masters]);
    const existing = new Set(await admin.listTopics());
    const present = specs.filter((s) => existing.has(s.topic));
    for (const s of specs.filter((x) => !existing.has(x.topic)))
      checks.push(
        problem(
          'warn',
          area,
          s.topic,
          'topic',
          'missing',
          'none: the pipeline creates it at start with the configured settings',
        ),
      );
    if (present.length === 0) return checks;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((s) => ({
        type: ConfigResourceTypes.TOPIC,
        name: s.topic,
        configNames: ['max.message.bytes', 'min.insync.replicas'],
      })),
    });
    for (const s of present) {
      const entries = described.resources.find((r) => r.resourceName === s.topic)?.configEntries ?? [];
      const limit = Number(entries.find((e) => e.configName === 'max.message.bytes')?.configValue);
      const replicas = metadata.topics.find((t) => t.name === s.topic)?.partitions[0]?.replicas.length ?? 0;
      const detail = `${replicas} replica(s), max.message.bytes ${limit}`;
      if (replicas < s.replicationFactor)
        checks.push(
          problem(
            'fail',
            area,
            s.topic,
            'topic',
            `${detail}; kafka.replicationFactor is ${s.replicationFactor}`,
            'kafka-reassign-partitions.sh to add replicas (a topic keeps the replication it was created with)',
          ),
        );
      else if (limit < config.kafka.maxMessageBytes)
        checks.push(
          problem(
            'warn',
            area,
            s.topic,
            'topic',
            `${detail}, below kafka.maxMessageBytes (${config.kafka.maxMessageBytes}): larger records are dead-lettered`,
            `kafka-configs.sh --alter --entity-type topics --entity-name ${s.topic} --add-config max.message.bytes=${config.kafka.maxMessageBytes}`,
          ),
        );
      else checks.push(pass(area, s.topic, 'topic', detail));
    }
    const records = connectors
      .map((c) => topicOf(c, config.kafka.topicPrefix))
      .filter((t) => existing.has(t));
    if (records.length > 0) {
      const lags = await consumerLag(admin, config.sink.groupId, records);
      const total = lags.reduce((n, l) => n + l.lag, 0);
      checks.push(pass(area, config.sink.groupId, 'sink group lag', `${total} message(s) not yet indexed`));
    }
    return checks;
  } catch (err) {
    return [
      problem(
        'fail',
        area,
        'cluster',
        'reachable',
        `${config.kafka.brokers.join(', ')}: ${(err as Error).message}`,
        'check kafka.brokers (PROFILE_CDC_KAFKA_BROKERS), the network, and TLS/SASL settings',
      ),
    ];
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
