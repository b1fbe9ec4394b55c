import type { Command } from 'commander';
import { kindNamed } from '../../kinds/index.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { reindex } from '../../sink/reindex.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

export function registerReindex(program: Command): void {
  withPipelineOptions(
    program
      .command('reindex')
      .description("move each connector's alias to an index with its kind's current mapping: copy, then swap")
      .option('--delete-old', 'delete the old index after the swap', false),
  ).action(async (opts: { config?: string; connectors?: string; deleteOld: boolean }) => {
    const { config, connectors } = await resolvePipeline(opts);
    const es = elasticsearchClient(config.elasticsearch);
    try {
      for (const c of connectors) {
        const result = await reindex(es, c, kindNamed(c.kind).indexBody, config.sink, {
          deleteOld: opts.deleteOld,
          onProgress: (n) => process.stderr.write(`\r${c.index}: ${n} documents copied`),
        });
        process.stderr.write('\n');
        const moved = result.from ? `${result.from} -> ${result.to}` : result.to;
        process.stdout.write(
          `${c.index.padEnd(16)} ${result.outcome.padEnd(10)} ${moved} (${result.copied} copied, ${result.dropped} fields dropped)\n`,
        );
      }
    } finally {
      await es.close();
    }
  });
}
