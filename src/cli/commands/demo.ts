import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { loadConnectors } from '../../connectors/load.ts';
import { countRows, loadFixture } from '../../fixture/fixture.ts';
import { generateTables } from '../../generate/generate-rows.ts';
import { createProgressReporter } from '../../generate/progress.ts';
import { isGeneratorTable } from '../../generate/source-row.ts';
import { localPgUrl } from '../../stack/settings.ts';
import { LocalStack } from '../../stack/stack.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole local story: stack up, MOSIP tables, generated rows, then counts per table')
    .option('--rows <n>', 'rows per table', '20000')
    .action(async (opts: { rows: string }) => {
      const rows = Number(opts.rows);
      if (!Number.isInteger(rows) || rows < 1)
        throw new ConfigError(`--rows: '${opts.rows}' is not a positive whole number`);
      const started = Date.now();
      const say = (line: string) => process.stdout.write(`${line}\n`);

      say('1/3 starting the local stack (PostgreSQL, Kafka, Elasticsearch)');
      const stack = await LocalStack.open();
      await stack.up((r) => say(`    ${r.name.padEnd(14)} ${r.outcome} (${r.seconds.toFixed(1)} s)`));
      const urlOf = (db: string) => localPgUrl(stack.settings, db);

      say('2/3 creating the MOSIP databases and anonymous_profile tables (fresh)');
      // The generator knows the four MOSIP services; a connector it has no builder for is left empty.
      const connectors = loadConnectors();
      const generated = connectors.filter((c) => isGeneratorTable(c.name));
      await loadFixture(connectors, urlOf, { reset: true });

      say(`3/3 generating ${rows} rows per table`);
      const progress = createProgressReporter(generated.map((c) => c.name).filter(isGeneratorTable), rows);
      const results = await generateTables({
        targets: generated.map((connector) => ({ connector, url: urlOf(connector.database) })),
        rows,
        onProgress: (p) => progress.update(p),
      });
      progress.stop();

      say('\nsummary');
      const counts = await countRows(connectors, urlOf);
      for (const c of connectors) {
        const r = results.find((x) => x.table === c.name);
        const rate = r ? `${Math.round(r.rowsPerSecond)} rows/s` : '';
        say(
          `  ${`${c.schema}.${c.table}`.padEnd(28)} ${String(counts.get(c.name)).padStart(9)} rows  ${rate}`,
        );
      }
      say(
        `done in ${((Date.now() - started) / 1000).toFixed(1)} s; stop the stack with: npx profile-cdc stack down`,
      );
    });
}
