import type { Command } from 'commander';
import { startSink } from '../../sink/run.ts';
import type { SinkStats } from '../../sink/stats.ts';
import { startSource } from '../../source/run.ts';
import { log } from '../../util/log.ts';
import { startObservability } from '../observability.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';
import { preflight } from '../preflight/preflight.ts';
import { onShutdown } from '../shutdown.ts';

const sinkLine = (s: SinkStats) => ({
  consumed: s.consumed,
  indexed: s.indexed,
  deleted: s.deleted,
  deadLettered: s.deadLettered,
  droppedFields: [...s.dropped.values()].reduce((a, b) => a + b, 0),
  retries: s.retries,
  latencySeconds: s.lastLatencySeconds,
});

export function registerSink(program: Command): void {
  withPipelineOptions(
    program
      .command('sink')
      .description("consume the connectors' topics, enrich, and bulk-index into Elasticsearch"),
  ).action(async (opts: { config?: string; connectors?: string }) => {
    const { config, connectors, masters } = await resolvePipeline(opts);
    await preflight(config, connectors, { source: false, sink: true });
    const observability = await startObservability(config, connectors, { source: false, sink: true });
    const sink = await startSink(
      config,
      connectors,
      observability.metrics.sinkObserver(
        connectors.map((c) => c.index),
        connectors.map((c) => c.name),
      ),
      masters,
    );
    await observability.attach({ sink });
    const progress = setInterval(() => log.info(sinkLine(sink.stats), 'sink progress'), 10_000);
    onShutdown(async () => {
      clearInterval(progress);
      await sink.stop();
      await observability.stop();
      log.info(sinkLine(sink.stats), 'sink stopped');
    }, config.shutdownGraceMs);
  });

  withPipelineOptions(
    program.command('run').description('source and sink in one process (the usual single-process mode)'),
  ).action(async (opts: { config?: string; connectors?: string }) => {
    const { config, connectors, masters } = await resolvePipeline(opts);
    const tables = [...connectors, ...masters];
    await preflight(config, tables, { source: true, sink: true });
    const observability = await startObservability(config, tables, { source: true, sink: true });
    const source = await startSource(config, tables);
    // The source's figures (its snapshot's progress first) show while the sink still starts.
    await observability.attach({ source });
    const sink = await startSink(
      config,
      connectors,
      observability.metrics.sinkObserver(
        connectors.map((c) => c.index),
        connectors.map((c) => c.name),
      ),
      masters,
    );
    await observability.attach({ sink });
    // Every connector failed for good (a set-up only a DBA can fix): the process ends loudly. One failed
    // connector alone leaves the others running; health reports it.
    source.done.catch(async (err: unknown) => {
      log.fatal({ err }, 'source stopped for good');
      await sink.stop().catch(() => undefined);
      process.exit(1);
    });
    const progress = setInterval(() => {
      const sources = Object.fromEntries(source.sources.map((s) => [s.name, { ...s.stats }]));
      log.info({ sources, sink: sinkLine(sink.stats) }, 'progress');
    }, 10_000);
    onShutdown(async () => {
      clearInterval(progress);
      // The source first: what it read reaches Kafka and is confirmed; then the sink drains and commits.
      await source.stop();
      await sink.stop();
      await observability.stop();
      log.info({ sink: sinkLine(sink.stats) }, 'stopped');
    }, config.shutdownGraceMs);
  });
}
