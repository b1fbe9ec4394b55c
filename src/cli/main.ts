import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { log } from '../util/log.ts';
import { registerBackfill } from './commands/backfill.ts';
import { registerDeadLetters } from './commands/dead-letters.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerFixture } from './commands/fixture.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerKibana } from './commands/kibana.ts';
import { registerReindex } from './commands/reindex.ts';
import { registerReport } from './commands/report.ts';
import { registerSetup } from './commands/setup.ts';
import { registerSink } from './commands/sink.ts';
import { registerSource } from './commands/source.ts';
import { registerStack } from './commands/stack.ts';
import { registerStatus } from './commands/status.ts';
import { registerTombstones } from './commands/tombstones.ts';

const program = new Command('profile-cdc')
  .description('MOSIP anonymous profiles: PostgreSQL logical replication -> Kafka (Avro) -> Elasticsearch')
  .showHelpAfterError()
  .exitOverride();

registerStack(program);
registerFixture(program);
registerGenerate(program);
registerSetup(program);
registerDoctor(program);
registerStatus(program);
registerSource(program);
registerSink(program);
registerBackfill(program);
registerReindex(program);
registerTombstones(program);
registerDeadLetters(program);
registerDemo(program);
registerKibana(program);
registerReport(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof ConfigError) {
    process.stderr.write(`profile-cdc: configuration error: ${err.message}\n`);
    process.exit(2);
  }
  log.error({ err }, 'failed');
  process.stderr.write(`profile-cdc: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
