import { z } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * Where the local stack (`profile-cdc stack up`) listens. The pipeline's settings default to it, so the demo
 * and the tests need no file; the stack itself reads the same ports (dev/stack/settings.ts).
 */
const port = z.coerce.number().int().min(1024).max(65535);

export const localPortsSchema = z.object({
  PROFILE_CDC_PG_PORT: port.default(15432),
  PROFILE_CDC_KAFKA_PORT: port.default(19092),
  PROFILE_CDC_KAFKA_CONTROLLER_PORT: port.default(19093),
  PROFILE_CDC_ES_PORT: port.default(19200),
  PROFILE_CDC_ES_TRANSPORT_PORT: port.default(19300),
  PROFILE_CDC_SCHEMA_REGISTRY_PORT: port.default(18081),
  /**
   * The cluster profile (`stack up --cluster`): three KRaft brokers and two Elasticsearch nodes, so topics
   * are replicated (factor 3, min.insync.replicas 2) and indices have a replica, as in production.
   */
  PROFILE_CDC_STACK_CLUSTER: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type LocalAddresses = {
  cluster: boolean;
  pg: { host: string; port: number; user: string };
  kafka: { host: string; port: number };
  es: { host: string; port: number };
  registry: { host: string; port: number };
};

/** Every local service is on loopback. */
const localHost = '127.0.0.1';

/** A zod result's first problem as a ConfigError naming the variable. */
export function envError(issues: readonly { path: PropertyKey[]; message: string }[]): ConfigError {
  const issue = issues[0];
  return new ConfigError(`${issue?.path.map(String).join('.')}: ${issue?.message}`);
}

/** The local stack's addresses from PROFILE_CDC_* port variables; a bad value fails naming the variable. */
export function localAddresses(env: NodeJS.ProcessEnv = process.env): LocalAddresses {
  const parsed = localPortsSchema.safeParse(env);
  if (!parsed.success) throw envError(parsed.error.issues);
  const e = parsed.data;
  return {
    cluster: e.PROFILE_CDC_STACK_CLUSTER,
    pg: { host: localHost, port: e.PROFILE_CDC_PG_PORT, user: 'postgres' },
    kafka: { host: localHost, port: e.PROFILE_CDC_KAFKA_PORT },
    es: { host: localHost, port: e.PROFILE_CDC_ES_PORT },
    registry: { host: localHost, port: e.PROFILE_CDC_SCHEMA_REGISTRY_PORT },
  };
}

/** Connection string of one database on the local stack's PostgreSQL (trust auth on loopback). */
export function localPgUrl(s: Pick<LocalAddresses, 'pg'>, database: string): string {
  return `postgres://${s.pg.user}@${s.pg.host}:${s.pg.port}/${database}`;
}

/** How many Kafka brokers and Elasticsearch nodes the local stack runs. */
export const localNodeCount = (s: Pick<LocalAddresses, 'cluster'>) =>
  s.cluster ? { kafka: 3, es: 2 } : { kafka: 1, es: 1 };

/**
 * Port of node `i` (from 0) from a base port: brokers take every other port from PROFILE_CDC_KAFKA_PORT and
 * their controllers the ports between (from PROFILE_CDC_KAFKA_CONTROLLER_PORT); Elasticsearch nodes take
 * consecutive ports.
 */
export const kafkaNodePort = (base: number, i: number) => base + 2 * i;
export const esNodePort = (base: number, i: number) => base + i;

/** The first broker: enough to bootstrap a client while the whole stack runs. */
export const localKafkaBroker = (s: Pick<LocalAddresses, 'kafka'>): string =>
  `${s.kafka.host}:${s.kafka.port}`;
/** Every broker, so a client can bootstrap while one is down. */
export const localKafkaBrokers = (s: Pick<LocalAddresses, 'kafka' | 'cluster'>): string[] =>
  Array.from(
    { length: localNodeCount(s).kafka },
    (_, i) => `${s.kafka.host}:${kafkaNodePort(s.kafka.port, i)}`,
  );
export const localEsUrl = (s: Pick<LocalAddresses, 'es'>): string => `http://${s.es.host}:${s.es.port}`;
/** Every Elasticsearch node's URL. */
export const localEsUrls = (s: Pick<LocalAddresses, 'es' | 'cluster'>): string[] =>
  Array.from({ length: localNodeCount(s).es }, (_, i) => `http://${s.es.host}:${esNodePort(s.es.port, i)}`);
/** Base URL of the local schema registry's Confluent-compatible API (PROFILE_CDC_SCHEMA_REGISTRY_URL). */
export const localRegistryUrl = (s: Pick<LocalAddresses, 'registry'>): string =>
  `http://${s.registry.host}:${s.registry.port}/apis/ccompat/v7`;
