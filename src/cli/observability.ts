import type { Server } from 'node:http';
import { databaseUrl } from '../config/database-url.ts';
import type { PipelineConfig } from '../config/pipeline.ts';
import type { TableConnector } from '../connectors/connector.ts';
import { kafkaClient, probeClientOptions } from '../kafka/client.ts';
import { type Parts, pipelineHealth, progressOf } from '../operations/metrics/health.ts';
import { PipelineMetrics } from '../operations/metrics/metrics.ts';
import { startHttp } from '../operations/metrics/server.ts';
import { type Stall, stalls } from '../operations/metrics/stalls.ts';
import { type WatchTargets, watchDependencies } from '../operations/metrics/watch.ts';
import { elasticsearchClient } from '../sink/elasticsearch.ts';
import { log } from '../util/log.ts';

export type Observability = {
  metrics: PipelineMetrics;
  attach(parts: Parts): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Metrics, dependency probes, stall detection and the /metrics, /healthz, /readyz endpoints for a pipeline
 * process. The HTTP server starts first, and is not ready until the parts it expects have started, so a
 * slow start is visibly "not ready", not "down" and not "ok".
 */
export async function startObservability(
  config: PipelineConfig,
  connectors: readonly TableConnector[],
  expected: { source: boolean; sink: boolean },
): Promise<Observability> {
  const metrics = new PipelineMetrics();
  const parts: Parts = {};
  let current: Stall[] = [];
  const health = pipelineHealth(metrics, parts, expected, () => current);
  const server: Server = await startHttp(config.metrics, metrics.registry, health);
  const admin = kafkaClient(config.kafka, 'health', probeClientOptions).admin();
  const es = expected.sink ? elasticsearchClient(config.elasticsearch, 5_000) : undefined;
  const stallMs = config.health.stallSeconds * 1000;
  for (const c of connectors) {
    for (const component of [expected.source && 'source', expected.sink && 'sink'].filter(Boolean))
      metrics.stalled.set({ component: component as string, connector: c.name }, 0);
  }

  /** Stalls now, with a log line when one begins or ends. */
  const checkStalls = () => {
    const next = stalls(progressOf(parts, metrics), Date.now(), stallMs);
    const key = (s: Stall) => `${s.component} ${s.connector}`;
    const before = new Set(current.map(key));
    const after = new Set(next.map(key));
    for (const s of next) {
      if (!before.has(key(s))) log.error({ ...s }, `${key(s)} stalled`);
      metrics.stalled.set({ component: s.component, connector: s.connector }, 1);
    }
    for (const s of current) {
      if (after.has(key(s))) continue;
      log.info({ component: s.component, connector: s.connector }, `${key(s)} moves again`);
      metrics.stalled.set({ component: s.component, connector: s.connector }, 0);
    }
    current = next;
  };
  const stallTimer = setInterval(checkStalls, Math.min(config.health.probeIntervalMs, stallMs));
  stallTimer.unref();

  const targets: WatchTargets = {
    databases: connectors.map((connector) => ({
      connector,
      url: databaseUrl(config.postgres, connector.database),
      slot: expected.source,
    })),
    kafka: admin,
    ...(es ? { elasticsearch: es } : {}),
  };
  const watch = watchDependencies(metrics, targets, config.health.probeIntervalMs);
  return {
    metrics,
    async attach(added: Parts) {
      Object.assign(parts, added);
      if (added.source)
        metrics.watchSources(
          added.source.sources.map((s) => ({ name: s.name, slot: s.slot, stats: s.stats })),
        );
      // The group's lag is measured from the next probe on, once the sink has joined.
      if (added.sink) targets.group = { groupId: added.sink.groupId, topics: added.sink.topics };
    },
    async stop() {
      clearInterval(stallTimer);
      watch.stop();
      await admin.disconnect().catch(() => undefined);
      await es?.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
