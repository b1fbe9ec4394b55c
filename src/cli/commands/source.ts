import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import type { ConnectorSource } from '../../source/connector-source.ts';
import { startSource } from '../../source/run.ts';
import { log } from '../../util/log.ts';
import { startObservability } from '../observability.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';
import { preflight } from '../preflight/preflight.ts';
import { onShutdown } from '../shutdown.ts';

const snapshotModes = ['initial', 'never', 'initial_only'] as const;

function progressLine(sources: readonly ConnectorSource[]): Record<string, string> {
  return Object.fromEntries(
    sources.map((s) => {
      const st = s.stats;
      const job = st.snapshot.job;
      const snap = job ? ` snapshot ${job} ${st.snapshot.rowsRead}/${st.snapshot.rowsExpected}` : '';
      return [
        s.name,
        `${st.state}${snap} read=${st.changesRead} published=${st.published} dlq=${st.deadLettered}`,
      ];
    }),
  );
}

export function registerSource(program: Command): void {
  withPipelineOptions(
    program
      .command('source')
      .description("stream the connectors' tables into Kafka: initial snapshot, then logical replication")
      .option('--snapshot <mode>', `initial (default), never or initial_only`),
  ).action(async (opts: { config?: string; connectors?: string; snapshot?: string }) => {
    const { config, connectors: profiles, masters } = await resolvePipeline(opts);
    const connectors = [...profiles, ...masters];
    if (opts.snapshot) {
      const mode = snapshotModes.find((m) => m === opts.snapshot);
      if (!mode)
        throw new ConfigError(`--snapshot: '${opts.snapshot}' is not one of ${snapshotModes.join(', ')}`);
      config.source.snapshot = mode;
    }
    await preflight(config, connectors, { source: true, sink: false });
    const started = Date.now();
    const observability = await startObservability(config, connectors, { source: true, sink: false });
    const running = await startSource(config, connectors);
    await observability.attach({ source: running });
    onShutdown(async () => {
      await running.stop();
      await observability.stop();
    }, config.shutdownGraceMs);
    const progress = setInterval(() => log.info(progressLine(running.sources), 'progress'), 5000);
    await running.done;
    clearInterval(progress);
    log.info({ seconds: (Date.now() - started) / 1000, ...progressLine(running.sources) }, 'source finished');
    await running.stop();
    await observability.stop();
  });
}
