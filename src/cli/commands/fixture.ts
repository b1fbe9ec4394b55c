import type { Command } from 'commander';
import { localPgUrl } from '../../config/local-stack.ts';
import { loadConnectors, selectConnectors } from '../../connectors/load.ts';
import { loadFixture } from '../../dev/fixture/fixture.ts';
import { stackSettings } from '../../dev/stack/settings.ts';

export function registerFixture(program: Command): void {
  program
    .command('fixture')
    .description(
      "create the MOSIP databases and their anonymous_profile tables on the local stack's PostgreSQL",
    )
    .option('--table <names>', 'connectors to create (comma-separated, or all)', 'all')
    .option('--reset', 'drop and recreate the tables (their rows are lost)', false)
    .action(async (opts: { table: string; reset: boolean }) => {
      const settings = stackSettings();
      const connectors = selectConnectors(loadConnectors(), opts.table);
      const results = await loadFixture(connectors, (db) => localPgUrl(settings, db), { reset: opts.reset });
      for (const r of results) {
        process.stdout.write(
          `${r.database.padEnd(14)} ${r.table.padEnd(28)} ${r.created ? 'created' : 'exists'}\n`,
        );
      }
    });
}
