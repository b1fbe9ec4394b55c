import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, type LogEntry, logLevel, type SASLOptions } from 'kafkajs';
import type { PipelineConfig } from '../config/pipeline.ts';
import { log } from '../util/log.ts';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * What kafkajs reports at warn or error level about states a healthy cluster passes through (a group
 * coordinator or a partition leader still being set up after a start, our bounded producer retries):
 * it retries them itself, and our own metrics and health tell when they last.
 */
const expectedStates = [
  /coordinator is loading/i,
  /COORDINATOR_LOAD_IN_PROGRESS/,
  /NOT_COORDINATOR|not the correct coordinator/i,
  /COORDINATOR_NOT_AVAILABLE|group coordinator is not available/i,
  /LEADER_NOT_AVAILABLE|no leader for this topic-partition/i,
  /NOT_LEADER_FOR_PARTITION|not the leader for that topic-partition/i,
  /Limiting retries for the idempotent producer/,
];

/** Logged at debug: an expected, self-healing state (see expectedStates). Pure. */
export function expectedKafkaState(message: string, error: unknown): boolean {
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  return expectedStates.some((re) => re.test(text));
}

/** kafkajs logs through our logger, so its retries and reconnects show up with the rest. */
const logCreator =
  () =>
  ({ namespace, level, log: entry }: LogEntry) => {
    const { message, ...extra } = entry;
    const at = expectedKafkaState(message, extra.error) ? 'debug' : (levels[level] ?? 'info');
    log[at]({ kafka: namespace, ...extra }, message);
  };

/**
 * A client for health probes: short timeouts, so an outage shows within seconds; two quick retries, so a
 * request that met a broker just lost is asked again of another (one broker down is not an outage).
 */
export const probeClientOptions = {
  retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
  connectionTimeout: 3_000,
  requestTimeout: 5_000,
  logLevel: logLevel.NOTHING,
} as const;

export function kafkaClient(
  config: PipelineConfig['kafka'],
  role: string,
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  const ssl = config.tlsCaFile ? { ca: [readFileSync(config.tlsCaFile, 'utf8')] } : config.tls;
  const { sasl } = config;
  return new Kafka({
    clientId: `${config.clientId}-${role}`,
    brokers: config.brokers,
    ssl,
    ...(sasl
      ? {
          sasl: {
            mechanism: sasl.mechanism,
            username: sasl.username,
            password: sasl.password,
          } as SASLOptions,
        }
      : {}),
    logLevel: logLevel.WARN,
    logCreator,
    // Dependency outages are retried with exponential backoff (kafkajs' own), up to ~2 minutes.
    retry: { initialRetryTime: 300, maxRetryTime: 30_000, retries: 10 },
    ...overrides,
  });
}
