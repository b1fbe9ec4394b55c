import type { Admin } from 'kafkajs';
import pg from 'pg';
import type { Connector } from '../../connectors/connector.ts';
import { log } from '../../util/log.ts';
import type { PipelineMetrics } from './metrics.ts';

export type LagTargets = {
  /** Slots to watch: connector, and its database's connection string. */
  slots: { connector: Connector; url: string }[];
  /** The sink group and its topics. */
  group?: { groupId: string; topics: string[] };
};

async function slotLag(url: string, slot: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ lag: string | null }>(
      'SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint AS lag FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    return rows[0]?.lag === null || rows[0] === undefined ? undefined : Number(rows[0].lag);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function consumerLag(admin: Admin, groupId: string, topics: string[]) {
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
 * Measures replication slot lag (bytes of WAL kept) and consumer lag (messages) every `intervalMs`,
 * into the gauges, and marks PostgreSQL and Kafka up or down as the measurements succeed.
 */
export function watchLag(
  metrics: PipelineMetrics,
  targets: LagTargets,
  admin: Admin | undefined,
  intervalMs = 10_000,
) {
  let running = false;
  const measure = async () => {
    if (running) return;
    running = true;
    try {
      for (const { connector, url } of targets.slots) {
        try {
          const lag = await slotLag(url, connector.slot);
          if (lag !== undefined)
            metrics.slotLagBytes.set({ connector: connector.name, slot: connector.slot }, lag);
          metrics.dependency('postgresql', true);
        } catch (err) {
          metrics.dependency('postgresql', false);
          log.debug({ err, connector: connector.name }, 'slot lag not measured');
        }
      }
      if (admin && targets.group) {
        try {
          for (const { topic, partition, lag } of await consumerLag(
            admin,
            targets.group.groupId,
            targets.group.topics,
          )) {
            metrics.consumerLag.set({ topic, partition: String(partition) }, lag);
          }
          metrics.dependency('kafka', true);
        } catch (err) {
          metrics.dependency('kafka', false);
          log.debug({ err }, 'consumer lag not measured');
        }
      }
    } finally {
      running = false;
    }
  };
  void measure();
  const timer = setInterval(() => void measure(), intervalMs);
  timer.unref();
  return { measure, stop: () => clearInterval(timer) };
}
