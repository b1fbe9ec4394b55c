/**
 * The two Debezium configurations the peers benchmark runs: the worker's converters and producer, and the
 * PostgreSQL connector on a scratch table (its own slot, the source's publication, no_data for a WAL
 * drain, initial_only for a snapshot).
 */

import { localKafkaBroker } from '../../src/config/local-stack.ts';
import type { PipelineConfig } from '../../src/config/pipeline.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { settings } from '../support.ts';
import type { Properties } from './connect.ts';

export type DebeziumFormat = 'json' | 'avro';

export const debeziumLabel = (format: DebeziumFormat): string =>
  `Debezium ${format === 'json' ? 'JSON' : 'Avro (Apicurio)'}`;

/** Apicurio's own v2 API: what the 2.6 converter speaks (Apicurio Registry 3 serves it beside v3). */
export const registryV2Url = `http://${settings.registry.host}:${settings.registry.port}/apis/registry/v2`;

function converters(format: DebeziumFormat): Properties {
  if (format === 'json') {
    const json = 'org.apache.kafka.connect.json.JsonConverter';
    return {
      'key.converter': json,
      'value.converter': json,
      'key.converter.schemas.enable': false,
      'value.converter.schemas.enable': false,
    };
  }
  const out: Properties = {};
  for (const side of ['key', 'value']) {
    Object.assign(out, {
      [`${side}.converter`]: 'io.apicurio.registry.utils.converter.AvroConverter',
      [`${side}.converter.apicurio.registry.url`]: registryV2Url,
      [`${side}.converter.apicurio.registry.auto-register`]: true,
      [`${side}.converter.apicurio.registry.find-latest`]: true,
      // The schema id in the record (magic byte and 8-byte id), as the Confluent framing does, not in headers.
      [`${side}.converter.apicurio.registry.headers.enabled`]: false,
    });
  }
  return out;
}

/**
 * The worker: converters, and its producer set like ours (acks=all, one request in flight, a 5 ms
 * linger, batches of about our 2,000 records, no producer compression: our topics keep what is sent).
 */
export function workerProperties(format: DebeziumFormat, config: PipelineConfig): Properties {
  return {
    'bootstrap.servers': localKafkaBroker(settings),
    ...converters(format),
    'offset.flush.interval.ms': 1000,
    'producer.acks': 'all',
    'producer.max.in.flight.requests.per.connection': 1,
    'producer.linger.ms': config.source.lingerMs,
    'producer.batch.size': 1_048_576,
    'producer.compression.type': 'none',
  };
}

export function connectorProperties(options: {
  name: string;
  topicPrefix: string;
  connector: Connector;
  slot: string;
  mode: 'no_data' | 'initial_only';
  config: PipelineConfig;
}): Properties & { name: string } {
  const { connector, config } = options;
  return {
    name: options.name,
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'tasks.max': 1,
    'database.hostname': settings.pg.host,
    'database.port': settings.pg.port,
    'database.user': settings.pg.user,
    'database.password': '',
    'database.dbname': connector.database,
    'topic.prefix': options.topicPrefix,
    'plugin.name': 'pgoutput',
    'slot.name': options.slot,
    'publication.name': connector.publication,
    'publication.autocreate.mode': 'disabled',
    'table.include.list': `${connector.schema}.${connector.table}`,
    'snapshot.mode': options.mode,
    // Batches and queue as large as ours, and a short wait when the queue is empty.
    'max.batch.size': config.source.batchSize,
    'max.queue.size': config.source.maxBuffered,
    'poll.interval.ms': 10,
    // The broker creates no topic on its own; Connect creates Debezium's like ours.
    'topic.creation.default.partitions': config.kafka.partitions,
    'topic.creation.default.replication.factor': config.kafka.replicationFactor,
  };
}

/** Debezium's topic for a table: <topic.prefix>.<schema>.<table>. */
export const debeziumTopic = (prefix: string, connector: Connector) =>
  `${prefix}.${connector.schema}.${connector.table}`;
