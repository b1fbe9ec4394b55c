import type { Client } from '@elastic/elasticsearch';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import type { TableConnector } from '../../connectors/connector.ts';
import { log } from '../../util/log.ts';
import { pgClient } from '../../util/pg-client.ts';
import type { PipelineMetrics } from './metrics.ts';

export type WatchTargets = {
  /** Each connector's database; with `slot`, its slot's lag is measured too (the source runs here). */
  databases: { connector: TableConnector; url: string; slot: boolean }[];
  /** An admin of a probe client (no retries, short timeouts). */
  kafka: Admin;
  /** The sink group and its topics, for consumer lag. */
  group?: { groupId: string; topics: string[] };
  /** A probe client (short request timeout), when the sink runs here. */
  elasticsearch?: Client;
};

const probeTimeoutMs = 5_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${probeTimeoutMs} ms`)), probeTimeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * WAL the server keeps for the slot (current WAL LSN minus its confirmed flush LSN; null before a first
 * confirmation) and its wal_status; undefined when there is no such slot.
 */
export async function slotLag(
  client: pg.Client,
  slot: string,
): Promise<{ lagBytes: number | null; walStatus: string | null } | undefined> {
  const { rows } = await client.query<{ lag: string | null; wal_status: string | null }>(
    `SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint::text AS lag, wal_status
     FROM pg_replication_slots WHERE slot_name = $1`,
    [slot],
  );
  const row = rows[0];
  return row && { lagBytes: row.lag === null ? null : Number(row.lag), walStatus: row.wal_status };
}

/** The slot's lag in bytes (or just an answer, without a slot), over a connection of its own. */
async function probeDatabase(url: string, slot: string | undefined): Promise<number | undefined> {
  const client = pgClient({ connectionString: url, connectionTimeoutMillis: probeTimeoutMs });
  try {
    await client.connect();
    if (slot === undefined) {
      await client.query('SELECT 1');
      return undefined;
    }
    return (await slotLag(client, slot))?.lagBytes ?? undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Messages not yet processed by the sink group, per topic partition (end offset minus committed). */
export async function consumerLag(admin: Admin, groupId: string, topics: string[]) {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const lags: { topic: string; partition: number; lag: number }[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const offset = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
      // -1: nothing committed yet, so everything from the log start is still to do.
      const from = offset < 0 ? Number(end.low) : offset;
      lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
    }
  }
  return lags;
}

/**
 * Every `intervalMs`, asks each dependency a question with a short timeout: each connector's database (and
 * its slot's lag), Kafka (the cluster, and the sink group's lag) and Elasticsearch. The answers set
 * profile_cdc_dependency_up and the lag gauges, so an outage shows within seconds, not after a client's
 * own retries give up.
 */
export function watchDependencies(metrics: PipelineMetrics, targets: WatchTargets, intervalMs: number) {
  let running = false;
  const databases = async () => {
    const results = await Promise.all(
      targets.databases.map(async ({ connector, url, slot }) => {
        try {
          const lag = await withTimeout(
            probeDatabase(url, slot ? connector.slot : undefined),
            connector.database,
          );
          if (lag !== undefined)
            metrics.slotLagBytes.set({ connector: connector.name, slot: connector.slot }, lag);
          metrics.database(connector.name, true);
          return true;
        } catch (err) {
          metrics.database(connector.name, false);
          log.debug({ err, connector: connector.name }, 'database probe failed');
          return false;
        }
      }),
    );
    if (results.length > 0) metrics.dependency('postgresql', results.every(Boolean));
  };
  const kafka = async () => {
    try {
      await withTimeout(targets.kafka.describeCluster(), 'Kafka');
      metrics.dependency('kafka', true);
    } catch (err) {
      metrics.dependency('kafka', false);
      log.debug({ err }, 'Kafka probe failed');
      return;
    }
    if (!targets.group) return;
    try {
      // Reachable brokers whose group coordinator is moving (a broker just lost) only delay the lag figure.
      const lags = await withTimeout(
        consumerLag(targets.kafka, targets.group.groupId, targets.group.topics),
        'Kafka consumer lag',
      );
      metrics.topicLag.clear();
      for (const { topic, partition, lag } of lags) {
        metrics.consumerLag.set({ topic, partition: String(partition) }, lag);
        metrics.topicLag.set(topic, (metrics.topicLag.get(topic) ?? 0) + lag);
      }
    } catch (err) {
      log.debug({ err }, 'consumer lag not measured this time');
    }
  };
  const elasticsearch = async () => {
    const es = targets.elasticsearch;
    if (!es) return;
    try {
      await withTimeout(es.cluster.health(), 'Elasticsearch');
      metrics.dependency('elasticsearch', true);
    } catch (err) {
      metrics.dependency('elasticsearch', false);
      log.debug({ err }, 'Elasticsearch probe failed');
    }
  };
  const measure = async () => {
    if (running) return;
    running = true;
    try {
      await Promise.all([databases(), kafka(), elasticsearch()]);
    } finally {
      running = false;
    }
  };
  void measure();
  const timer = setInterval(() => void measure(), intervalMs);
  timer.unref();
  return { measure, stop: () => clearInterval(timer) };
}
