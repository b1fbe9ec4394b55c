import type { Command } from 'commander';
import { databaseUrl } from '../../config/database-url.ts';
import { ensurePublication, setupSql } from '../../source/setup.ts';
import { pgClient } from '../../util/pg-client.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

export function registerSetup(program: Command): void {
  withPipelineOptions(
    program
      .command('setup')
      .description(
        "create each connector's publication (when this role may); slots are created by the source",
      )
      .option('--print-sql [role]', 'print the SQL a DBA runs for a least-privilege role instead'),
  ).action(async (opts: { config?: string; connectors?: string; printSql?: string | boolean }) => {
    const { config, connectors } = await resolvePipeline(opts);
    if (opts.printSql) {
      process.stdout.write(
        setupSql(connectors, typeof opts.printSql === 'string' ? opts.printSql : undefined),
      );
      return;
    }
    for (const c of connectors) {
      const db = pgClient({ connectionString: databaseUrl(config.postgres, c.database) });
      await db.connect();
      try {
        const outcome = await ensurePublication(db, c);
        process.stdout.write(
          `${c.name.padEnd(8)} publication ${c.publication} in ${c.database}: ${outcome}\n`,
        );
      } finally {
        await db.end();
      }
    }
  });
}
