import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { countTombstones, purgeTombstones } from '../../sink/tombstones.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30d", "12h", "90m" -> milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) throw new ConfigError(`--older-than: '${text}' is not an age such as 30d, 12h or 90m`);
  return Number(m[1]) * (units[m[2] as string] as number);
}

export function registerTombstones(program: Command): void {
  const tombstones = program
    .command('tombstones')
    .description(
      'deleted rows are kept as hidden tombstones so that no replay brings them back; count or purge them',
    );
  withPipelineOptions(
    tombstones
      .command('count')
      .description("tombstones in each connector's indices")
      .option('--older-than <age>', 'also count those deleted longer ago than this (30d, 12h ...)', '30d'),
  ).action(async (opts: { config?: string; connectors?: string; olderThan: string }) => {
    const { config, connectors } = await resolvePipeline(opts);
    const before = new Date(Date.now() - parseAge(opts.olderThan));
    const es = elasticsearchClient(config.elasticsearch);
    try {
      for (const c of connectors) {
        const { all, older } = await countTombstones(es, c.index, before);
        process.stdout.write(
          `${c.index.padEnd(16)} ${all} tombstones, ${older} older than ${opts.olderThan}\n`,
        );
      }
    } finally {
      await es.close();
    }
  });
  withPipelineOptions(
    tombstones
      .command('purge')
      .description('remove tombstones older than the topics retention (a replay could bring older rows back)')
      .requiredOption(
        '--older-than <age>',
        'only tombstones of rows deleted longer ago than this (30d, 12h ...)',
      ),
  ).action(async (opts: { config?: string; connectors?: string; olderThan: string }) => {
    const { config, connectors } = await resolvePipeline(opts);
    const before = new Date(Date.now() - parseAge(opts.olderThan));
    const es = elasticsearchClient(config.elasticsearch);
    try {
      for (const c of connectors) {
        const { purged, kept } = await purgeTombstones(es, c.index, before, (n) =>
          process.stderr.write(`\r${c.index}: ${n} purged`),
        );
        process.stderr.write('\n');
        process.stdout.write(`${c.index.padEnd(16)} ${purged} purged, ${kept} kept (written again since)\n`);
      }
    } finally {
      await es.close();
    }
  });
}
