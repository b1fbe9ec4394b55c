import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../config/errors.ts';

/** The repository root: downloads are cached and the local stack keeps its state below it by default. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

const port = z.coerce.number().int().min(1024).max(65535);

const schema = z.object({
  PROFILE_CDC_STATE_DIR: z.string().default(resolve(repoRoot, '.stack')),
  PROFILE_CDC_CACHE_DIR: z.string().default(resolve(repoRoot, '.cache')),
  PROFILE_CDC_PG_PORT: port.default(15432),
  PROFILE_CDC_KAFKA_PORT: port.default(19092),
  PROFILE_CDC_KAFKA_CONTROLLER_PORT: port.default(19093),
  PROFILE_CDC_ES_PORT: port.default(19200),
  PROFILE_CDC_ES_TRANSPORT_PORT: port.default(19300),
  PROFILE_CDC_SCHEMA_REGISTRY_PORT: port.default(18081),
  PROFILE_CDC_ES_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'a JVM size such as 1g or 768m')
    .default('1g'),
  PROFILE_CDC_KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'a JVM size such as 1g or 768m')
    .default('1g'),
  PROFILE_CDC_KAFKA_VERSION: z.string().default('3.9.1'),
  PROFILE_CDC_ES_VERSION: z.string().default('8.19.7'),
  /** Apicurio Registry (Confluent-compatible API); 3.0.x is the last line that runs on Java 17. */
  PROFILE_CDC_SCHEMA_REGISTRY_VERSION: z.string().default('3.0.9'),
  /** When run as root, PostgreSQL and Elasticsearch (which refuse root) run as this user. */
  PROFILE_CDC_STACK_USER: z.string().default('profile-cdc'),
  PROFILE_CDC_PG_BIN: z.string().optional(),
});

export type StackSettings = {
  stateDir: string;
  cacheDir: string;
  pg: { host: string; port: number; user: string; binDir: string | undefined };
  kafka: { host: string; port: number; controllerPort: number; heap: string; version: string };
  es: { host: string; port: number; transportPort: number; heap: string; version: string };
  registry: { host: string; port: number; version: string };
  runAsUser: string;
};

/** Local stack settings from PROFILE_CDC_* environment variables; a bad value fails naming the variable. */
export function stackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const host = '127.0.0.1';
  return {
    stateDir: resolve(e.PROFILE_CDC_STATE_DIR),
    cacheDir: resolve(e.PROFILE_CDC_CACHE_DIR),
    pg: { host, port: e.PROFILE_CDC_PG_PORT, user: 'postgres', binDir: e.PROFILE_CDC_PG_BIN },
    kafka: {
      host,
      port: e.PROFILE_CDC_KAFKA_PORT,
      controllerPort: e.PROFILE_CDC_KAFKA_CONTROLLER_PORT,
      heap: e.PROFILE_CDC_KAFKA_HEAP,
      version: e.PROFILE_CDC_KAFKA_VERSION,
    },
    es: {
      host,
      port: e.PROFILE_CDC_ES_PORT,
      transportPort: e.PROFILE_CDC_ES_TRANSPORT_PORT,
      heap: e.PROFILE_CDC_ES_HEAP,
      version: e.PROFILE_CDC_ES_VERSION,
    },
    registry: {
      host,
      port: e.PROFILE_CDC_SCHEMA_REGISTRY_PORT,
      version: e.PROFILE_CDC_SCHEMA_REGISTRY_VERSION,
    },
    runAsUser: e.PROFILE_CDC_STACK_USER,
  };
}

/** Connection string of one database on the local stack's PostgreSQL (trust auth on loopback). */
export function localPgUrl(settings: StackSettings, database: string): string {
  return `postgres://${settings.pg.user}@${settings.pg.host}:${settings.pg.port}/${database}`;
}

export const localKafkaBroker = (s: StackSettings): string => `${s.kafka.host}:${s.kafka.port}`;
export const localEsUrl = (s: StackSettings): string => `http://${s.es.host}:${s.es.port}`;
/** Base URL of the local schema registry's Confluent-compatible API (PROFILE_CDC_SCHEMA_REGISTRY_URL). */
export const localRegistryUrl = (s: StackSettings): string =>
  `http://${s.registry.host}:${s.registry.port}/apis/ccompat/v7`;
