import type { Command } from 'commander';
import { localPgUrl } from '../../config/local-stack.ts';
import { loadTables, selectTables } from '../../connectors/load.ts';
import { loadFixture } from '../../dev/fixture/fixture.ts';
import { writeMasterData } from '../../dev/generate/master.ts';
import { stackSettings } from '../../dev/stack/settings.ts';

export function registerFixture(program: Command): void {
  program
    .command('fixture')
    .description(
      "create the MOSIP databases, their anonymous_profile tables and the generated country's master data on the local stack's PostgreSQL",
    )
    .option('--table <names>', 'connectors to create (comma-separated, or all)', 'all')
    .option('--reset', 'drop and recreate the tables (their rows are lost)', false)
    .action(async (opts: { table: string; reset: boolean }) => {
      const settings = stackSettings();
      const { profiles, masters } = selectTables(loadTables(), opts.table);
      const urlOf = (db: string) => localPgUrl(settings, db);
      const results = await loadFixture([...profiles, ...masters], urlOf, { reset: opts.reset });
      for (const r of results) {
        process.stdout.write(
          `${r.database.padEnd(14)} ${r.table.padEnd(28)} ${r.created ? 'created' : 'exists'}\n`,
        );
      }
      const [master] = masters;
      if (master) {
        const written = await writeMasterData(urlOf(master.database));
        process.stdout.write(`${master.database.padEnd(14)} master data: ${written} rows written\n`);
      }
    });
}
