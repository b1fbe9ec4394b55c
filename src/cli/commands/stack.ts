import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { stackSettings } from '../../dev/stack/settings.ts';
import {
  defaultServices,
  LocalStack,
  type ServiceName,
  type StepResult,
  serviceNames,
} from '../../dev/stack/stack.ts';

/** Without --services: `fallback` (up: all but the optional schema registry; down and status: all). */
function parseServices(value: string | undefined, fallback: readonly ServiceName[]): ServiceName[] {
  if (!value) return [...fallback];
  return value.split(',').map((name) => {
    const found = serviceNames.find((s) => s === name.trim());
    if (!found)
      throw new ConfigError(`--services: unknown service '${name}' (known: ${serviceNames.join(', ')})`);
    return found;
  });
}

/** `--cluster` is PROFILE_CDC_STACK_CLUSTER=true: the pipeline reads that variable for its defaults too. */
function openStack(names: readonly ServiceName[], cluster: boolean | undefined): Promise<LocalStack> {
  return LocalStack.open(
    names,
    stackSettings(cluster ? { ...process.env, PROFILE_CDC_STACK_CLUSTER: 'true' } : process.env),
  );
}

const printStep = (r: StepResult) =>
  process.stdout.write(`  ${r.name.padEnd(15)} ${r.outcome} (${r.seconds.toFixed(1)} s)\n`);

export function registerStack(program: Command): void {
  const stack = program
    .command('stack')
    .description(
      'the local stack on 127.0.0.1: PostgreSQL (logical WAL), Kafka (KRaft), Elasticsearch; optional schema registry',
    );
  const services = ['--services <list>', `comma-separated subset of ${serviceNames.join(',')}`] as const;
  const cluster = [
    '--cluster',
    'the cluster profile: 3 Kafka brokers, 2 Elasticsearch nodes, state in <state dir>-cluster (PROFILE_CDC_STACK_CLUSTER=true)',
  ] as const;

  stack
    .command('up')
    .description(
      `download what is missing (cached), start the services (default ${defaultServices.join(',')}) and wait until each is ready`,
    )
    .option(...services)
    .option(...cluster)
    .action(async (opts: { services?: string; cluster?: boolean }) => {
      const local = await openStack(parseServices(opts.services, defaultServices), opts.cluster);
      const started = Date.now();
      const shape = local.settings.cluster ? 'cluster profile' : 'local stack';
      process.stdout.write(`starting the ${shape} (state in ${local.settings.stateDir})\n`);
      await local.up(printStep);
      process.stdout.write(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (opts.cluster && !stackSettings().cluster)
        process.stdout.write(
          'run the pipeline and tests with PROFILE_CDC_STACK_CLUSTER=true to use every broker and node\n',
        );
    });

  stack
    .command('down')
    .description('stop every service; data stays in the state folder')
    .option(...services)
    .option(...cluster)
    .action(async (opts: { services?: string; cluster?: boolean }) => {
      const local = await openStack(parseServices(opts.services, serviceNames), opts.cluster);
      await local.down(printStep);
    });

  stack
    .command('status')
    .description(
      "print each service's state, pid, address and log file; exit 1 if one is down (the optional schema registry only when named)",
    )
    .option(...services)
    .option(...cluster)
    .action(async (opts: { services?: string; cluster?: boolean }) => {
      const named = parseServices(opts.services, defaultServices);
      const local = await openStack(parseServices(opts.services, serviceNames), opts.cluster);
      const statuses = await local.status();
      for (const s of statuses) {
        const state = s.running ? `running (pid ${s.pid})` : 'stopped';
        process.stdout.write(
          `${s.name.padEnd(15)} ${state.padEnd(22)} ${s.address.padEnd(17)} ${s.logFile}\n`,
        );
      }
      if (statuses.some((s) => !s.running && (named as string[]).includes(s.name))) process.exitCode = 1;
    });
}
