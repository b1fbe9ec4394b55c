import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { localAddresses, localEsUrls, localKafkaBrokers } from './local-stack.ts';
import { readSecret } from './secret.ts';

const positiveInt = z.coerce.number().int().positive();
/** A boolean that also takes the strings "true" and "false" (environment variables). */
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/**
 * The pipeline's settings. Defaults point at the local stack (`profile-cdc stack up`), so the demo and
 * tests need no file; production sets them from a YAML file and PROFILE_CDC_* variables.
 */
export function configSchema(env: NodeJS.ProcessEnv = process.env) {
  const local = localAddresses(env);
  const [localEsNode = '', ...localEsNodes] = localEsUrls(local);
  return z
    .object({
      postgres: z
        .object({
          host: z.string().min(1).default(local.pg.host),
          port: z.coerce.number().int().min(1).max(65535).default(local.pg.port),
          user: z.string().min(1).default(local.pg.user),
          password: z.string().optional(),
          /** libpq's meanings: require encrypts, verify-full also checks the certificate and host name. */
          ssl: z.enum(['disable', 'require', 'verify-full']).default('disable'),
          /** CA certificate file for verify-full (PEM). */
          sslRootCert: z.string().optional(),
          /** Per-database connection strings, for databases on other servers. */
          urls: z.record(z.string(), z.string().min(1)).default({}),
        })
        .strict()
        .prefault({}),
      kafka: z
        .object({
          brokers: z.array(z.string().min(1)).min(1).default(localKafkaBrokers(local)),
          clientId: z.string().default('profile-cdc'),
          /** TLS to the brokers: off, on with the system CAs, or on with this CA file. */
          tls: flag.default(false),
          tlsCaFile: z.string().optional(),
          sasl: z
            .object({
              mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
              username: z.string().min(1),
              password: z.string().min(1),
            })
            .strict()
            .optional(),
          topicPrefix: z
            .string()
            .regex(/^[a-zA-Z0-9._-]+$/)
            .default('mosip'),
          partitions: positiveInt.default(3),
          replicationFactor: positiveInt.default(local.cluster ? 3 : 1),
          /**
           * min.insync.replicas of the topics it creates: with acks=all, a write counts once this many replicas
           * have it (2 of 3 in production). Unset: the broker's default.
           */
          minInsyncReplicas: local.cluster ? positiveInt.default(2) : positiveInt.optional(),
          /** Topic compression.type; the broker compresses, so the producer stays light on CPU. */
          compression: z
            .enum(['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'])
            .default('producer'),
          deadLetterTopic: z.string().min(1).default('mosip.profile-cdc.dead-letter'),
          /**
           * The largest message the pipeline produces (bytes, key and headers included). Topics it creates get
           * it as max.message.bytes; a record above it (or above an existing topic's smaller limit) is never
           * sent: its row goes to the dead-letter topic instead.
           */
          maxMessageBytes: z.coerce.number().int().min(65_536).default(1_048_576),
          /** How much of a dead letter's raw text is kept (its size and SHA-256 are kept whole). */
          deadLetterRawBytes: z.coerce.number().int().min(256).default(16_384),
          schemaRegistryUrl: z.string().url().optional(),
        })
        .strict()
        .refine((k) => k.minInsyncReplicas === undefined || k.minInsyncReplicas <= k.replicationFactor, {
          path: ['minInsyncReplicas'],
          message: 'larger than kafka.replicationFactor: no write could ever succeed with acks=all',
        })
        .prefault({}),
      source: z
        .object({
          connectors: z.array(z.string()).default(['all']),
          snapshot: z.enum(['initial', 'never', 'initial_only']).default('initial'),
          /** Most records one Kafka request carries. */
          batchSize: positiveInt.default(2000),
          /** How long a partial batch may wait for more rows. */
          lingerMs: z.coerce.number().int().min(0).default(5),
          /** Records buffered between the slot and Kafka before reading the slot pauses. */
          maxBuffered: positiveInt.default(20_000),
          /** A profile text larger than this is dead-lettered unread (a MOSIP profile takes a few KB). */
          maxProfileBytes: z.coerce.number().int().min(1024).default(262_144),
          /** Connections reading snapshot chunks at the same time (initial snapshot, backfills). */
          snapshotReaders: positiveInt.default(2),
          /** Rows per snapshot chunk: one query each, held in memory until the stream passes its window. */
          snapshotChunkRows: positiveInt.default(5000),
          /**
           * Create slots with failover (PostgreSQL 17+), so that a standby syncing slots
           * (sync_replication_slots) can take over the slot on a switchover; ignored, with a warning, before 17.
           */
          slotFailover: flag.default(false),
          /** How often an idle slot's position is confirmed, so WAL does not pile up. */
          heartbeatMs: positiveInt.default(10_000),
          /**
           * Worker threads that build rows' Kafka messages (normalise, record, Avro) beside the replication
           * thread: one fewer than the cores, at most 4; 0 builds them on the replication thread.
           */
          buildWorkers: z.coerce
            .number()
            .int()
            .min(0)
            .max(16)
            .default(Math.min(4, Math.max(0, availableParallelism() - 1))),
        })
        .strict()
        .prefault({}),
      sink: z
        .object({
          groupId: z.string().min(1).default('profile-cdc-sink'),
          /** Partitions whose batches are decoded and indexed at the same time. */
          partitionsConcurrently: positiveInt.default(3),
          bulk: z
            .object({
              maxDocs: positiveInt.default(1000),
              maxBytes: positiveInt.default(5_000_000),
              lingerMs: z.coerce.number().int().min(0).default(20),
              concurrency: positiveInt.default(2),
              retryMs: positiveInt.default(200),
              maxRetryMs: positiveInt.default(30_000),
            })
            .strict()
            .prefault({}),
          /** A soft-deleted row (is_deleted) removes its document, or keeps it marked as deleted. */
          softDelete: z.enum(['delete', 'mark']).default('delete'),
          /** Age group lower bounds in years (MOSIP's 0-5, 5-18, 18-60, 60+). */
          ageGroups: z.array(z.coerce.number().int().min(0)).min(1).default([0, 5, 18, 60]),
          /** Index settings for new indices. */
          shards: positiveInt.default(1),
          replicas: z.coerce
            .number()
            .int()
            .min(0)
            .default(local.cluster ? 1 : 0),
        })
        .strict()
        .prefault({}),
      master: z
        .object({
          /** Read the master-data connectors (connectors/master-*.yaml) and join centres, locations and document types. */
          enabled: flag.default(true),
          /** The language names are joined in (MOSIP's lang_code); another language's name when it has none. */
          language: z.string().min(1).default('eng'),
          /** Documents re-indexed at most when one centre arrives late or changes (the rest: `reindex`). */
          fillLimit: positiveInt.default(50_000),
          /** How long the sink waits at start for the master topics to be read before indexing profiles. */
          loadTimeoutMs: positiveInt.default(30_000),
        })
        .strict()
        .prefault({}),
      elasticsearch: z
        .object({
          node: z.string().url().default(localEsNode),
          /** More nodes of the same cluster: requests are spread over all, and a dead node is skipped. */
          nodes: z.array(z.string().url()).default(localEsNodes),
          username: z.string().optional(),
          password: z.string().optional(),
          apiKey: z.string().optional(),
          /** CA certificate file for an https node (PEM). */
          caFile: z.string().optional(),
        })
        .strict()
        .prefault({}),
      health: z
        .object({
          /** A connector with work to do that has not moved for this long is stalled (readiness, metric, alert). */
          stallSeconds: positiveInt.default(120),
          /** How often Kafka, Elasticsearch and each connector's database are checked, each with a short timeout. */
          probeIntervalMs: positiveInt.default(5_000),
        })
        .strict()
        .prefault({}),
      /** SIGTERM: how long to finish in-flight work before exiting anyway. */
      shutdownGraceMs: positiveInt.default(30_000),
      metrics: z
        .object({
          port: z.coerce.number().int().min(0).max(65535).default(9464),
          /** The address /metrics, /healthz and /readyz bind to (unset: every interface, as a pod needs). */
          host: z.string().min(1).optional(),
        })
        .strict()
        .prefault({}),
    })
    .strict();
}

export type PipelineConfig = z.infer<ReturnType<typeof configSchema>>;

/** Environment variables and the config key each one sets; `_FILE` variants read a secret from a file. */
export const envKeys: Readonly<Record<string, string>> = {
  PROFILE_CDC_PG_HOST: 'postgres.host',
  PROFILE_CDC_PG_PORT: 'postgres.port',
  PROFILE_CDC_PG_USER: 'postgres.user',
  PROFILE_CDC_PG_PASSWORD: 'postgres.password',
  PROFILE_CDC_PG_SSL: 'postgres.ssl',
  PROFILE_CDC_PG_SSL_ROOT_CERT: 'postgres.sslRootCert',
  PROFILE_CDC_KAFKA_TLS: 'kafka.tls',
  PROFILE_CDC_KAFKA_TLS_CA_FILE: 'kafka.tlsCaFile',
  PROFILE_CDC_KAFKA_SASL_MECHANISM: 'kafka.sasl.mechanism',
  PROFILE_CDC_KAFKA_SASL_USERNAME: 'kafka.sasl.username',
  PROFILE_CDC_KAFKA_SASL_PASSWORD: 'kafka.sasl.password',
  PROFILE_CDC_ES_CA_FILE: 'elasticsearch.caFile',
  PROFILE_CDC_KAFKA_BROKERS: 'kafka.brokers',
  PROFILE_CDC_KAFKA_TOPIC_PREFIX: 'kafka.topicPrefix',
  PROFILE_CDC_KAFKA_PARTITIONS: 'kafka.partitions',
  PROFILE_CDC_KAFKA_REPLICATION_FACTOR: 'kafka.replicationFactor',
  PROFILE_CDC_KAFKA_MIN_INSYNC_REPLICAS: 'kafka.minInsyncReplicas',
  PROFILE_CDC_KAFKA_COMPRESSION: 'kafka.compression',
  PROFILE_CDC_SCHEMA_REGISTRY_URL: 'kafka.schemaRegistryUrl',
  PROFILE_CDC_DEAD_LETTER_TOPIC: 'kafka.deadLetterTopic',
  PROFILE_CDC_KAFKA_MAX_MESSAGE_BYTES: 'kafka.maxMessageBytes',
  PROFILE_CDC_DEAD_LETTER_RAW_BYTES: 'kafka.deadLetterRawBytes',
  PROFILE_CDC_HEARTBEAT_MS: 'source.heartbeatMs',
  PROFILE_CDC_MAX_PROFILE_BYTES: 'source.maxProfileBytes',
  PROFILE_CDC_CONNECTORS: 'source.connectors',
  PROFILE_CDC_SNAPSHOT: 'source.snapshot',
  PROFILE_CDC_SNAPSHOT_READERS: 'source.snapshotReaders',
  PROFILE_CDC_SLOT_FAILOVER: 'source.slotFailover',
  PROFILE_CDC_SNAPSHOT_CHUNK_ROWS: 'source.snapshotChunkRows',
  PROFILE_CDC_BUILD_WORKERS: 'source.buildWorkers',
  PROFILE_CDC_ES_NODE: 'elasticsearch.node',
  PROFILE_CDC_ES_NODES: 'elasticsearch.nodes',
  PROFILE_CDC_ES_USERNAME: 'elasticsearch.username',
  PROFILE_CDC_ES_PASSWORD: 'elasticsearch.password',
  PROFILE_CDC_ES_API_KEY: 'elasticsearch.apiKey',
  PROFILE_CDC_METRICS_PORT: 'metrics.port',
  PROFILE_CDC_METRICS_HOST: 'metrics.host',
  PROFILE_CDC_STALL_SECONDS: 'health.stallSeconds',
  PROFILE_CDC_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
  PROFILE_CDC_SINK_GROUP_ID: 'sink.groupId',
  PROFILE_CDC_SINK_SOFT_DELETE: 'sink.softDelete',
  PROFILE_CDC_ES_REPLICAS: 'sink.replicas',
  PROFILE_CDC_MASTER_ENABLED: 'master.enabled',
  PROFILE_CDC_MASTER_LANGUAGE: 'master.language',
};
const listKeys = new Set(['kafka.brokers', 'elasticsearch.nodes', 'source.connectors']);

type Tree = { [key: string]: unknown };

function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = typeof next === 'object' && next !== null ? next : {};
    node = node[part] as Tree;
  }
  node[parts.at(-1) as string] = value;
}

/**
 * Reads the YAML file (if any), overlays PROFILE_CDC_* variables, validates; a bad value fails
 * naming its key (and the variable or file it came from). Secrets are never part of the message.
 */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  let tree: Tree = {};
  if (file) {
    if (!existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
    const parsed: unknown = parse(readFileSync(file, 'utf8'));
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ConfigError(`${file}: the top level must be a mapping`);
    }
    tree = (parsed as Tree | null) ?? {};
  }
  const origin = new Map<string, string>();
  for (const [variable, path] of Object.entries(envKeys)) {
    const value = env[variable] ?? readSecret(env, `${variable}_FILE`);
    if (value === undefined || value === '') continue;
    setPath(tree, path, listKeys.has(path) ? value.split(',').map((v) => v.trim()) : value);
    origin.set(path, variable);
  }
  const result = configSchema(env).safeParse(tree);
  const from = (key: string) =>
    origin.get(key) ? `from ${origin.get(key)}` : file ? `in ${file}` : undefined;
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join('.') ?? '';
    const where = from(key);
    throw new ConfigError(`${key || '(root)'}${where ? ` (${where})` : ''}: ${issue?.message}`);
  }
  origins.set(result.data, (key) => from(key) ?? 'default');
  return result.data;
}

const origins = new WeakMap<PipelineConfig, (key: string) => string>();

/**
 * A setting named the way errors name it: "kafka.brokers (from PROFILE_CDC_KAFKA_BROKERS)", "(in FILE)" or
 * "(default)", so a failure at start-up says which setting to fix and where it was set.
 */
export function settingName(config: PipelineConfig, key: string): string {
  const where = origins.get(config)?.(key);
  return where ? `${key} (${where})` : key;
}
