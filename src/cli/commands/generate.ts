import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { localPgUrl } from '../../config/local-stack.ts';
import { loadConnectors } from '../../connectors/load.ts';
import { type GenerateResult, generateTables } from '../../dev/generate/generate-rows.ts';
import {
  databaseUrl,
  defaultBatchSize,
  defaultSeed,
  type GenerateFlags,
  maxBatchSize,
  parseGenerateFlags,
} from '../../dev/generate/options.ts';
import { createProgressReporter } from '../../dev/generate/progress.ts';
import { defaultWindowDays, defaultWindowEnd, isoDate } from '../../dev/generate/time.ts';
import { stackSettings } from '../../dev/stack/settings.ts';

const examples = `
--rows counts rows PER TABLE: --table all --rows 1000000 inserts 4 million rows. For regprc it
counts table rows, i.e. stage rows (a registration writes one row per processing stage).

Examples:
  profile-cdc generate --table all --rows 100000          bulk load, reproducible (default seed)
  profile-cdc generate --table regprc --rows 1000000 --seed run-7
  profile-cdc generate --table ida --rate 200             200 rows/s, cr_dtimes = now, until Ctrl-C
  profile-cdc generate --table all --rate 50 --rows 3000  50 rows/s per table, 3000 rows each`;

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('insert realistic MOSIP anonymous profiles (test data) into the source tables')
    .option('--table <names>', 'prereg, regprc, idrepo, ida, a comma-separated list, or all', 'all')
    .option('--rows <n>', 'rows to insert PER TABLE (regprc: stage rows); required unless --rate')
    .option(
      '--rate <r>',
      'stream R rows/s per table stamped with the current time; without --rows, until Ctrl-C',
    )
    .option('--seed <s>', 'the same seed gives the same rows, ids included', defaultSeed)
    .option('--batch <b>', `rows per INSERT (1-${maxBatchSize})`, String(defaultBatchSize))
    .option(
      '--days <n>',
      'bulk load: spread event times over the N days before --until',
      String(defaultWindowDays),
    )
    .option(
      '--until <date>',
      'bulk load: end of the event window, UTC (exclusive)',
      isoDate(defaultWindowEnd),
    )
    .option(
      '--pg-url <url>',
      "PostgreSQL server (default: the local stack's); databases per connectors/*.yaml",
    )
    .addHelpText('after', examples)
    .action(async (flags: GenerateFlags) => {
      const plan = parseGenerateFlags(flags);
      const connectors = loadConnectors();
      const serverUrl = plan.pgUrl;
      const settings = serverUrl === undefined ? stackSettings() : undefined;
      const targets = plan.tables.map((table) => {
        const connector = connectors.find((c) => c.name === table);
        if (!connector)
          throw new ConfigError(`--table: no connectors/*.yaml declares a connector named '${table}'`);
        const url = settings
          ? localPgUrl(settings, connector.database)
          : databaseUrl(serverUrl!, connector.database);
        return { connector, url };
      });

      // First Ctrl-C stops cleanly (batches in flight are finished and counted); a second one exits.
      const stop = new AbortController();
      const onSignal = (): void => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const progress = createProgressReporter(plan.tables, plan.rows);
      const started = performance.now();
      let results: GenerateResult[];
      try {
        results = await generateTables({
          targets,
          rows: plan.rows,
          rate: plan.rate,
          seed: plan.seed,
          batchSize: plan.batchSize,
          clock: plan.clock,
          signal: stop.signal,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      process.stdout.write(summary(results, (performance.now() - started) / 1000));
    });
}

/** Rows, seconds and rows/s per table, and in total. */
function summary(results: GenerateResult[], seconds: number): string {
  const line = (name: string, rows: number, secs: number): string =>
    `${name.padEnd(8)} ${String(rows).padStart(12)} ${secs.toFixed(1).padStart(9)} ${String(Math.round(secs > 0 ? rows / secs : 0)).padStart(9)}\n`;
  const total = results.reduce((sum, r) => sum + r.rows, 0);
  return [
    `${'table'.padEnd(8)} ${'rows'.padStart(12)} ${'seconds'.padStart(9)} ${'rows/s'.padStart(9)}\n`,
    ...results.map((r) => line(r.table, r.rows, r.seconds)),
    ...(results.length > 1 ? [line('total', total, seconds)] : []),
  ].join('');
}
