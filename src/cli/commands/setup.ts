import type { Command } from 'commander';
import { databaseUrl } from '../../config/database-url.ts';
import { aclCommands, pipelineAcls } from '../../kafka/acls.ts';
import { sinkRoleDescriptor } from '../../sink/privileges.ts';
import { ensurePublication, setupSql } from '../../source/setup.ts';
import { pgClient } from '../../util/pg-client.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

type SetupOptions = {
  config?: string;
  connectors?: string;
  printSql?: string | boolean;
  printKafkaAcls?: string | boolean;
  printEsRole?: boolean;
};

export function registerSetup(program: Command): void {
  withPipelineOptions(
    program
      .command('setup')
      .description(
        "create each connector's publication (when this role may); slots are created by the source",
      )
      .option('--print-sql [role]', 'print the SQL a DBA runs for a least-privilege role instead')
      .option(
        '--print-kafka-acls [principal]',
        'print the kafka-acls.sh commands that grant the source and the sink what they need (default principal: User:<kafka.sasl.username>, else User:profile-cdc)',
      )
      .option(
        '--print-es-role',
        "print the sink's least-privilege Elasticsearch role descriptor (for POST /_security/api_key)",
      ),
  ).action(async (opts: SetupOptions) => {
    const { config, connectors, masters } = await resolvePipeline(opts);
    if (opts.printKafkaAcls) {
      const principal =
        typeof opts.printKafkaAcls === 'string'
          ? opts.printKafkaAcls
          : `User:${config.kafka.sasl?.username ?? 'profile-cdc'}`;
      const bootstrap = config.kafka.brokers.join(',');
      for (const role of ['source', 'sink'] as const)
        process.stdout.write(
          `## ${role}\n${aclCommands(pipelineAcls(config.kafka, config.sink.groupId, role), principal, bootstrap)}\n`,
        );
      return;
    }
    if (opts.printEsRole) {
      process.stdout.write(
        `${JSON.stringify({ role_descriptors: sinkRoleDescriptor(connectors) }, null, 2)}\n`,
      );
      return;
    }
    if (opts.printSql) {
      process.stdout.write(
        setupSql([...connectors, ...masters], typeof opts.printSql === 'string' ? opts.printSql : undefined),
      );
      return;
    }
    for (const c of [...connectors, ...masters]) {
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
