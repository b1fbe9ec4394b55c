import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
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

const printStep = (r: StepResult) =>
  process.stdout.write(`  ${r.name.padEnd(15)} ${r.outcome} (${r.seconds.toFixed(1)} s)\n`);

export function registerStack(program: Command): void {
  const stack = program
    .command('stack')
    .description(
      'the local stack on 127.0.0.1: PostgreSQL (logical WAL), Kafka (KRaft), Elasticsearch; optional schema registry',
    );
  const services = ['--services <list>', `comma-separated subset of ${serviceNames.join(',')}`] as const;

  stack
    .command('up')
    .description(
      `download what is missing (cached), start the services (default ${defaultServices.join(',')}) and wait until each is ready`,
    )
    .option(...services)
    .action(async (opts: { services?: string }) => {
      const local = await LocalStack.open(parseServices(opts.services, defaultServices));
      const started = Date.now();
      process.stdout.write(`starting the local stack (state in ${local.settings.stateDir})\n`);
      await local.up(printStep);
      process.stdout.write(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });

  stack
    .command('down')
    .description('stop every service; data stays in the state folder')
    .option(...services)
    .action(async (opts: { services?: string }) => {
      const local = await LocalStack.open(parseServices(opts.services, serviceNames));
      await local.down(printStep);
    });

  stack
    .command('status')
    .description(
      "print each service's state, pid, address and log file; exit 1 if one is down (the optional schema registry only when named)",
    )
    .option(...services)
    .action(async (opts: { services?: string }) => {
      const named = parseServices(opts.services, defaultServices);
      const local = await LocalStack.open(parseServices(opts.services, serviceNames));
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
