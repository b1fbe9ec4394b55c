import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ConfigError } from '../../config/errors.ts';
import type { Connector } from '../../connectors/connector.ts';
import { log } from '../../util/log.ts';
import {
  defaultBatchSize,
  defaultSeed,
  maxBatchSize,
  parseSeed,
  positiveInteger,
  positiveNumber,
} from './options.ts';
import { createRowSource } from './row-source.ts';
import { type GeneratorTable, isGeneratorTable, type RowSource, type SourceRow } from './source-row.ts';
import { type EventClock, liveClock, windowClock } from './time.ts';
import { BatchWriter } from './writer.ts';

export type GenerateProgress = { table: GeneratorTable; written: number; total: number | undefined };

export type GenerateRowsOptions = {
  /** The table to fill; its name (prereg, regprc, idrepo, ida) picks the profile builder. */
  connector: Connector;
  /** Connection string of the connector's database. */
  url: string;
  /** Rows to insert (table rows: for regprc, stage rows). Required unless `rate` is given. */
  rows?: number;
  seed?: string;
  /** Rows per second, stamped with the current time; without `rows`, runs until `signal` aborts. */
  rate?: number;
  /** Rows per INSERT (bulk), or the most per INSERT when catching up (streaming). */
  batchSize?: number;
  /** Event times of a bulk load; defaults to the 365 days before a fixed date. */
  clock?: EventClock;
  /** Statements in flight at once (= pool connections). */
  inFlight?: number;
  signal?: AbortSignal;
  onProgress?: (progress: GenerateProgress) => void;
};

export type GenerateResult = { table: GeneratorTable; rows: number; seconds: number; rowsPerSecond: number };

/** Fills one table with generated rows: a bulk load as fast as possible, or a steady stream at `rate`. */
export async function generateRows(options: GenerateRowsOptions): Promise<GenerateResult> {
  const { connector, url, signal, onProgress } = options;
  const table = connector.name;
  if (!isGeneratorTable(table)) {
    throw new ConfigError(`connector '${table}': no generator for it (known: prereg, regprc, idrepo, ida)`);
  }
  const rate = options.rate === undefined ? undefined : positiveNumber('rate', options.rate, 1_000_000);
  const rows = options.rows === undefined ? undefined : positiveInteger('rows', options.rows, 1_000_000_000);
  if (rows === undefined && rate === undefined) throw new ConfigError('rows: required unless rate is given');
  const batchSize = positiveInteger('batchSize', options.batchSize ?? defaultBatchSize, maxBatchSize);
  const inFlight = positiveInteger('inFlight', options.inFlight ?? 2, 16);
  const seed = parseSeed(options.seed ?? defaultSeed);
  const source = createRowSource(table, {
    // Streamed rows carry the current time anyway; adding the start time to the seed lets
    // repeated streaming runs into one table draw fresh ids instead of colliding.
    seed: rate === undefined ? seed : `${seed}@${new Date().toISOString()}`,
    clock: rate === undefined ? (options.clock ?? windowClock()) : liveClock,
  });

  const pool = new pg.Pool({
    connectionString: url,
    max: inFlight,
    application_name: 'profile-cdc generate',
  });
  // An idle connection dropped by the server must not crash the process; the next query fails instead.
  pool.on('error', (err) => log.warn({ err, table }, 'generate: idle PostgreSQL connection failed'));
  let written = 0;
  const started = performance.now();
  try {
    await requireTable(pool, connector, url);
    onProgress?.({ table, written: 0, total: rows });
    const writer = new BatchWriter(
      pool,
      { schema: connector.schema, table: connector.table, withStage: table === 'regprc' },
      inFlight,
      (n) => {
        written += n;
        onProgress?.({ table, written, total: rows });
      },
    );
    if (rate === undefined) await bulkLoad(source, writer, rows!, batchSize, signal);
    else await stream(source, writer, rows ?? Number.POSITIVE_INFINITY, rate, batchSize, signal);
    await writer.flush();
  } catch (err) {
    throw explainDuplicate(err, connector);
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  return { table, rows: written, seconds, rowsPerSecond: seconds > 0 ? written / seconds : 0 };
}

function takeRows(source: RowSource, count: number): SourceRow[] {
  const rows = new Array<SourceRow>(count);
  for (let i = 0; i < count; i++) rows[i] = source.next();
  return rows;
}

async function bulkLoad(
  source: RowSource,
  writer: BatchWriter,
  rows: number,
  batchSize: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (let made = 0; made < rows && !signal?.aborted; ) {
    const count = Math.min(batchSize, rows - made);
    await writer.write(takeRows(source, count));
    made += count;
  }
}

/**
 * Inserts at a steady rate: each pass sends the rows that have fallen due since the start (a
 * late pass catches up in one bigger batch), then sleeps until the next row is due.
 */
async function stream(
  source: RowSource,
  writer: BatchWriter,
  rows: number,
  rate: number,
  batchSize: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const started = performance.now();
  let made = 0;
  while (made < rows && !signal?.aborted) {
    const elapsed = performance.now() - started;
    const due = Math.min(rows, Math.floor((elapsed * rate) / 1000) + 1) - made;
    if (due > 0) {
      const count = Math.min(due, batchSize);
      await writer.write(takeRows(source, count));
      made += count;
      continue;
    }
    const untilNext = (made * 1000) / rate - elapsed;
    try {
      await sleep(Math.min(100, Math.max(5, untilNext)), undefined, { signal });
    } catch {
      // Aborted while sleeping: the loop condition ends the stream.
    }
  }
}

/** Fails early, with a hint, when the server or the table is missing rather than on the first batch. */
async function requireTable(pool: pg.Pool, connector: Connector, url: string): Promise<void> {
  const name = `"${connector.schema}"."${connector.table}"`;
  let found: string | null | undefined;
  try {
    const { rows } = await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
      name,
    ]);
    found = rows[0]?.found;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot reach PostgreSQL at ${placeOf(url)} (${reason}); is the stack up? (profile-cdc stack up, then profile-cdc fixture)`,
      { cause: err },
    );
  }
  if (!found) {
    throw new Error(
      `${connector.schema}.${connector.table} does not exist in ${placeOf(url)}; create the tables first (profile-cdc fixture, or fixture/schema.sql)`,
    );
  }
}

/** A bulk load repeated with the same seed repeats its ids: say so rather than just "duplicate key". */
function explainDuplicate(err: unknown, connector: Connector): unknown {
  if (!(err instanceof Error) || (err as Error & { code?: string }).code !== '23505') return err;
  return new Error(
    `${connector.schema}.${connector.table} already holds rows with these ids: a seed always gives the same ids, so pass another --seed or empty the table (${err.message})`,
    { cause: err },
  );
}

/** `host:port/database`, never the user or password. */
function placeOf(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname}:${port || 5432}${pathname}`;
  } catch {
    return 'the given connection string';
  }
}

export type GenerateTablesOptions = Omit<GenerateRowsOptions, 'connector' | 'url'> & {
  targets: readonly { connector: Connector; url: string }[];
};

/** Several tables: one after another for a bulk load, side by side when streaming at a rate. */
export async function generateTables(options: GenerateTablesOptions): Promise<GenerateResult[]> {
  const { targets, ...rest } = options;
  if (rest.rate !== undefined) {
    // Streams run side by side; when one fails the others stop too, rather than run on unseen.
    const stopAll = new AbortController();
    const signal = rest.signal ? AbortSignal.any([rest.signal, stopAll.signal]) : stopAll.signal;
    return Promise.all(
      targets.map(({ connector, url }) =>
        generateRows({ ...rest, signal, connector, url }).catch((err: unknown) => {
          stopAll.abort();
          throw err;
        }),
      ),
    );
  }
  const results: GenerateResult[] = [];
  for (const { connector, url } of targets) {
    if (rest.signal?.aborted) break;
    results.push(await generateRows({ ...rest, connector, url }));
  }
  return results;
}
