import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { databaseUrl } from '../../config/database-url.ts';
import { ConfigError } from '../../config/errors.ts';
import type { PipelineConfig } from '../../config/pipeline.ts';
import type { TableConnector } from '../../connectors/connector.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { stateTopic } from '../../kafka/topics.ts';
import { type SnapshotJob, savedSnapshotRecord } from '../../source/snapshot/job.ts';
import { sendSignal } from '../../source/snapshot/signal.ts';
import { loadStates } from '../../source/state.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

type BackfillOptions = {
  config?: string;
  connectors?: string;
  connector: string;
  where?: string;
  chunkRows?: string;
  cancel?: string;
  status?: boolean;
  wait: boolean;
};

/** Reads the snapshot jobs the running source saved for `connector` (state topic). */
async function jobsOf(config: PipelineConfig, connector: string): Promise<SnapshotJob[]> {
  const kafka = kafkaClient(config.kafka, 'backfill');
  return savedSnapshotRecord(await loadStates(kafka, stateTopic(config.kafka)), connector).jobs;
}

const describe = (j: SnapshotJob) =>
  `${j.id.padEnd(28)} ${j.reason.padEnd(14)} ${j.status.padEnd(9)} ${j.rowsRead}/${j.rowsExpected} rows` +
  `${j.where ? `  where ${j.where}` : ''}`;

/** Follows a job until it ends: a bar on a terminal, a line every few seconds otherwise. */
async function follow(
  config: PipelineConfig,
  connector: string,
  id: string,
): Promise<SnapshotJob | undefined> {
  const tty = process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${connector} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}`,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = Date.now();
  let startedRows: number | undefined;
  let job: SnapshotJob | undefined;
  try {
    for (;;) {
      job = (await jobsOf(config, connector)).find((j) => j.id === id);
      const seconds = (Date.now() - started) / 1000;
      if (!job && seconds > 60)
        process.stderr.write(
          `${connector}: job ${id} not picked up yet; is the source running? It runs when the source reads its WAL.\n`,
        );
      if (job) {
        startedRows ??= job.rowsRead;
        const speed = Math.round((job.rowsRead - startedRows) / Math.max(seconds, 0.001));
        const total = Math.max(job.rowsExpected, job.rowsRead);
        if (bar) {
          if (!bar.isActive) bar.start(total, job.rowsRead, { speed });
          bar.setTotal(total);
          bar.update(job.rowsRead, { speed });
        } else {
          process.stderr.write(`${describe(job)} | ${speed} rows/s\n`);
        }
        if (job.status === 'done' || job.status === 'cancelled') return job;
      }
      await delay(tty ? 1000 : 5000);
    }
  } finally {
    bar?.stop();
  }
}

function connectorNamed(connectors: readonly TableConnector[], name: string): TableConnector {
  const c = connectors.find((x) => x.name === name);
  if (!c)
    throw new ConfigError(
      `--connector: no connector '${name}' (known: ${connectors.map((x) => x.name).join(', ')})`,
    );
  return c;
}

export function registerBackfill(program: Command): void {
  withPipelineOptions(
    program
      .command('backfill')
      .description(
        'read a table again (all of it or --where) in a running pipeline, beside the stream; or --cancel, --status',
      )
      .requiredOption('--connector <name>', 'the connector whose table to read')
      .option('--where <sql>', 'only rows matching this condition, e.g. "cr_dtimes >= \'2026-01-01\'"')
      .option('--chunk-rows <n>', 'rows per chunk (default: source.snapshotChunkRows)')
      .option('--cancel <id>', 'cancel the backfill with this id')
      .option('--status', "list the connector's snapshot jobs")
      .option('--no-wait', 'send the request and return without following its progress'),
  ).action(async (opts: BackfillOptions) => {
    const { config, connectors, masters } = await resolvePipeline({ ...opts, connectors: 'all' });
    const c = connectorNamed([...connectors, ...masters], opts.connector);
    if (opts.status) {
      for (const job of await jobsOf(config, c.name)) process.stdout.write(`${describe(job)}\n`);
      return;
    }
    const url = databaseUrl(config.postgres, c.database);
    if (opts.cancel) {
      await sendSignal(url, c, { action: 'cancel', connector: c.name, id: opts.cancel });
      process.stdout.write(`${c.name}: cancel of ${opts.cancel} sent\n`);
      if (!opts.wait) return;
      // The readers stop after the chunk in hand; the job is then saved as cancelled (or it had finished).
      const job = await follow(config, c.name, opts.cancel);
      process.stdout.write(
        `${c.name}: ${opts.cancel} ${job?.status ?? 'unknown'} after ${job?.rowsRead ?? 0} of ${job?.rowsExpected ?? 0} rows\n`,
      );
      return;
    }
    const chunkRows = opts.chunkRows === undefined ? null : Number(opts.chunkRows);
    if (chunkRows !== null && !(Number.isInteger(chunkRows) && chunkRows > 0))
      throw new ConfigError(`--chunk-rows: '${opts.chunkRows}' is not a positive whole number`);
    const id = `backfill-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}-${randomUUID().slice(0, 8)}`;
    const where = opts.where ?? null;
    const lsn = await sendSignal(url, c, { action: 'backfill', connector: c.name, id, where, chunkRows });
    process.stdout.write(
      `${c.name}: backfill ${id} requested at WAL ${lsn}${where ? ` where ${where}` : ''}\n`,
    );
    if (!opts.wait) return;
    const started = Date.now();
    const job = await follow(config, c.name, id);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `${c.name}: backfill ${id} ${job?.status ?? 'unknown'}: ${job?.rowsRead ?? 0} rows in ${seconds.toFixed(1)} s\n`,
    );
  });
}
