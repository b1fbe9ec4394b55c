import type { Command } from 'commander';
import { exitCode, formatChecks } from '../../operations/doctor/check.ts';
import { runDoctor } from '../../operations/doctor/run.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

export function registerDoctor(program: Command): void {
  withPipelineOptions(
    program
      .command('doctor')
      .description(
        'checks PostgreSQL, Kafka, Elasticsearch (and the registry) as the pipeline needs them: a line per check, the fix for each failure; exit code 1 if one fails',
      ),
  ).action(async (opts: { config?: string; connectors?: string }) => {
    const { config, connectors, masters } = await resolvePipeline(opts);
    const checks = await runDoctor(config, connectors, masters);
    process.stdout.write(formatChecks(checks));
    process.exitCode = exitCode(checks);
  });
}
