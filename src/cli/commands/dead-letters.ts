import type { Command } from 'commander';
import { databaseUrl } from '../../config/database-url.ts';
import { ConfigError } from '../../config/errors.ts';
import { RegistryClient } from '../../encode/registry-client.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { connectedProducer } from '../../kafka/producer.ts';
import { filterLetters, groupLetters, readDeadLetters } from '../../operations/dead-letters/read.ts';
import { replayDeadLetters } from '../../operations/dead-letters/replay.ts';
import { rowEncodings } from '../../source/encodings.ts';
import type { RowEncoding } from '../../source/messages.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

type Options = { config?: string; connectors?: string; reason?: string; since?: string; samples: string };

function sinceOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new ConfigError(`--since: '${text}' is not a date or date-time`);
  return new Date(millis);
}

const print = (line = '') => process.stdout.write(`${line}\n`);

/** The pipeline's settings, and the letters of the dead-letter topic the options select. */
async function selectedLetters(opts: Options) {
  const { config, connectors } = await resolvePipeline(opts);
  const kafka = kafkaClient(config.kafka, 'dead-letters');
  const url = config.kafka.schemaRegistryUrl;
  const all = await readDeadLetters(
    kafka,
    config.kafka.deadLetterTopic,
    url ? new RegistryClient({ url }) : undefined,
  );
  const letters = filterLetters(all, {
    connectors: connectors.map((c) => c.name),
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...(opts.since ? { since: sinceOf(opts.since) as Date } : {}),
  });
  return { config, connectors, kafka, all, letters };
}

export function registerDeadLetters(program: Command): void {
  const deadLetters = program
    .command('dead-letters')
    .description(
      'what the dead-letter topic holds, grouped; and its rows sent through the current normaliser again',
    );
  withPipelineOptions(
    deadLetters
      .command('list')
      .description(
        'letters counted by connector and category, with a few samples each (reason, row id, position)',
      )
      .option('--reason <text>', 'only letters of this category, or whose reason contains this text')
      .option('--since <date>', 'only letters written since then (ISO date or date-time)')
      .option('--samples <n>', 'samples shown per group', '3'),
  ).action(async (opts: Options) => {
    const { config, all, letters } = await selectedLetters(opts);
    print(`${letters.length} of ${all.length} letters in ${config.kafka.deadLetterTopic}`);
    for (const group of groupLetters(letters, Number(opts.samples))) {
      print();
      print(`${group.connector}  ${group.category}  ${group.count}`);
      for (const l of group.samples) {
        const size =
          l.rawBytes === null ? '' : ` (${l.rawBytes} bytes, sha256 ${l.rawSha256?.slice(0, 12)}...)`;
        print(`  ${l.time}  row ${l.rowId ?? '-'}  at ${l.source.lsn}${size}`);
        print(`    ${l.reason}`);
      }
    }
  });
  withPipelineOptions(
    deadLetters
      .command('replay')
      .description(
        'read each dead-lettered row again from its table and send it through the current normaliser',
      )
      .option('--reason <text>', 'only letters of this category, or whose reason contains this text')
      .option('--since <date>', 'only letters written since then (ISO date or date-time)'),
  ).action(async (opts: Options) => {
    const { config, connectors, kafka, letters } = await selectedLetters(opts);
    const encodings = await rowEncodings(kafka, config, connectors);
    const targets = new Map(
      connectors.map((c) => [
        c.name,
        {
          connector: c,
          url: databaseUrl(config.postgres, c.database),
          encoding: encodings.get(c.name) as RowEncoding,
        },
      ]),
    );
    const producer = await connectedProducer(kafka);
    try {
      const summary = await replayDeadLetters(letters, targets, producer, (done) =>
        process.stderr.write(`\r${done} of ${letters.length} letters`),
      );
      process.stderr.write('\n');
      print(`${summary.letters} letters: ${summary.republished} rows sent again (the sink indexes them)`);
      for (const [reason, n] of summary.stillFailing) print(`  still failing, ${reason}: ${n}`);
      for (const [reason, n] of summary.skipped) print(`  skipped, ${reason}: ${n}`);
    } finally {
      await producer.disconnect();
    }
  });
}
