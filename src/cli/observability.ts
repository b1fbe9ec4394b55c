import type { Server } from 'node:http';
import { databaseUrl } from '../config/database-url.ts';
import type { PipelineConfig } from '../config/pipeline.ts';
import type { Connector } from '../connectors/connector.ts';
import { kafkaClient } from '../kafka/client.ts';
import { watchLag } from '../operations/metrics/lag.ts';
import { PipelineMetrics } from '../operations/metrics/metrics.ts';
import { type Health, startHttp } from '../operations/metrics/server.ts';
import type { RunningSink } from '../sink/run.ts';
import type { RunningSource } from '../source/run.ts';

export type Observability = {
  metrics: PipelineMetrics;
  attach(parts: Parts): Promise<void>;
  stop(): Promise<void>;
};
type Parts = { source?: RunningSource; sink?: RunningSink };

function health(metrics: PipelineMetrics, parts: Parts): Health {
  return {
    live: () => {
      const reasons =
        parts.sink && !parts.sink.healthy() ? ['the sink consumer crashed and will not restart'] : [];
      return { ok: reasons.length === 0, reasons };
    },
    ready: () => {
      const reasons: string[] = [];
      for (const [dependency, up] of metrics.dependencies) if (!up) reasons.push(`${dependency} unreachable`);
      for (const s of parts.source?.sources ?? []) {
        if (s.stats.state === 'reconnecting' || s.stats.state === 'starting')
          reasons.push(`source ${s.name} ${s.stats.state}`);
      }
      if (parts.sink && !parts.sink.healthy()) reasons.push('sink consumer crashed');
      return { ok: reasons.length === 0, reasons };
    },
  };
}

/**
 * Metrics, lag measurements and the /metrics, /healthz, /readyz endpoints for a pipeline process.
 * The HTTP server starts first (so a slow snapshot is visibly "not ready", not "down").
 */
export async function startObservability(
  config: PipelineConfig,
  connectors: readonly Connector[],
): Promise<Observability> {
  const metrics = new PipelineMetrics();
  const parts: Parts = {};
  const server: Server = await startHttp(config.metrics.port, metrics.registry, health(metrics, parts));
  const admin = kafkaClient(config.kafka, 'metrics').admin();
  let lag: ReturnType<typeof watchLag> | undefined;
  return {
    metrics,
    async attach(added: Parts) {
      Object.assign(parts, added);
      if (added.source)
        metrics.watchSources(
          added.source.sources.map((s) => ({ name: s.name, slot: s.slot, stats: s.stats })),
        );
      lag?.stop();
      await admin.connect();
      lag = watchLag(
        metrics,
        {
          slots: parts.source
            ? connectors.map((connector) => ({
                connector,
                url: databaseUrl(config.postgres, connector.database),
              }))
            : [],
          ...(parts.sink ? { group: { groupId: parts.sink.groupId, topics: parts.sink.topics } } : {}),
        },
        admin,
      );
    },
    async stop() {
      lag?.stop();
      await admin.disconnect().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
