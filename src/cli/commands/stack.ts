import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { secureStack, writeSecretFiles } from '../../dev/stack/secure.ts';
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

type ProfileOptions = { services?: string; cluster?: boolean; secure?: boolean };

/**
 * `--cluster` is PROFILE_CDC_STACK_CLUSTER=true (the pipeline reads that variable for its defaults too);
 * `--secure` is PROFILE_CDC_STACK_SECURE=true.
 */
function openStack(names: readonly ServiceName[], opts: ProfileOptions): Promise<LocalStack> {
  return LocalStack.open(
    names,
    stackSettings({
      ...process.env,
      ...(opts.cluster ? { PROFILE_CDC_STACK_CLUSTER: 'true' } : {}),
      ...(opts.secure ? { PROFILE_CDC_STACK_SECURE: 'true' } : {}),
    }),
  );
}

/** How to point the pipeline at the secured stack: settings, with the secrets read from files. */
async function printSecureSettings(local: LocalStack): Promise<void> {
  const secure = await secureStack(local.settings);
  const files = writeSecretFiles(secure);
  const env = {
    PROFILE_CDC_PG_SSL: 'verify-full',
    PROFILE_CDC_PG_SSL_ROOT_CERT: secure.tls.caFile,
    PROFILE_CDC_PG_USER: secure.credentials.pgPipeline.user,
    PROFILE_CDC_PG_PASSWORD_FILE: files.pg,
    PROFILE_CDC_KAFKA_TLS: 'true',
    PROFILE_CDC_KAFKA_TLS_CA_FILE: secure.tls.caFile,
    PROFILE_CDC_KAFKA_SASL_MECHANISM: 'scram-sha-512',
    PROFILE_CDC_KAFKA_SASL_USERNAME: secure.credentials.kafkaPipeline.username,
    PROFILE_CDC_KAFKA_SASL_PASSWORD_FILE: files.kafka,
  };
  process.stdout.write(
    [
      `secured: CA, certificates and credentials in ${secure.tls.dir} (secrets mode 0600)`,
      `create the pipeline's role with 'profile-cdc setup --print-sql ${secure.credentials.pgPipeline.user}' (its password is in ${files.pg})`,
      `and grant its Kafka ACLs with 'profile-cdc setup --print-kafka-acls' (admin: ${secure.credentials.kafkaAdmin.username}, password in ${files.kafkaAdmin});`,
      'then run the pipeline with:',
      ...Object.entries(env).map(([k, v]) => `  export ${k}=${v}`),
      'Elasticsearch stays plain http here (its test distribution has no security module).',
      '',
    ].join('\n'),
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
  const secure = [
    '--secure',
    'the secured profile: PostgreSQL over TLS with scram-sha-256, Kafka on SASL_SSL with SCRAM users and ACLs enforced, state in <state dir>-secure (PROFILE_CDC_STACK_SECURE=true)',
  ] as const;

  stack
    .command('up')
    .description(
      `download what is missing (cached), start the services (default ${defaultServices.join(',')}) and wait until each is ready`,
    )
    .option(...services)
    .option(...cluster)
    .option(...secure)
    .action(async (opts: ProfileOptions) => {
      const local = await openStack(parseServices(opts.services, defaultServices), opts);
      const started = Date.now();
      const shape = local.settings.cluster
        ? 'cluster profile'
        : local.settings.secure
          ? 'secured stack'
          : 'local stack';
      process.stdout.write(`starting the ${shape} (state in ${local.settings.stateDir})\n`);
      await local.up(printStep);
      process.stdout.write(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (opts.cluster && !stackSettings().cluster)
        process.stdout.write(
          'run the pipeline and tests with PROFILE_CDC_STACK_CLUSTER=true to use every broker and node\n',
        );
      if (local.settings.secure) await printSecureSettings(local);
    });

  stack
    .command('down')
    .description('stop every service; data stays in the state folder')
    .option(...services)
    .option(...cluster)
    .option(...secure)
    .action(async (opts: ProfileOptions) => {
      const local = await openStack(parseServices(opts.services, serviceNames), opts);
      await local.down(printStep);
    });

  stack
    .command('status')
    .description(
      "print each service's state, pid, address and log file; exit 1 if one is down (the optional schema registry only when named)",
    )
    .option(...services)
    .option(...cluster)
    .option(...secure)
    .action(async (opts: ProfileOptions) => {
      const named = parseServices(opts.services, defaultServices);
      const local = await openStack(parseServices(opts.services, serviceNames), opts);
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
