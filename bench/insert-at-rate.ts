/**
 * Child process of the latency benchmarks: inserts generated rows (live clock) into one table at a steady
 * rate, as small multi-row INSERTs each in its own transaction, and reports every batch to the parent
 * over IPC (row count, ids when asked, when it was sent and when its commit was acknowledged).
 *
 * Run by bench/support.ts startInserter; argv[2] is the JSON of InserterOptions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createRowSource } from '../src/dev/generate/row-source.ts';
import type { SourceRow } from '../src/dev/generate/source-row.ts';
import { liveClock } from '../src/dev/generate/time.ts';
import { type InsertTarget, insertStatement, insertValues } from '../src/dev/generate/writer.ts';
import type { InserterMessage, InserterOptions } from './support.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as InserterOptions;
const send = (m: InserterMessage) => process.send?.(m);

const target: InsertTarget = {
  schema: options.schema,
  table: 'anonymous_profile',
  withStage: options.table === 'regprc',
};
const source = createRowSource(options.table, { seed: `${options.seed}@${Date.now()}`, clock: liveClock });
const maxInFlight = 4;
const maxBatch = 1000;
const pool = new pg.Pool({
  connectionString: options.url,
  max: maxInFlight,
  application_name: 'profile-cdc bench',
});
const statements = new Map<number, string>();
const inFlight = new Set<Promise<void>>();
let failure: unknown;
let stopping = false;
process.on('message', (m) => {
  if (m === 'stop') stopping = true;
});

function insert(rows: SourceRow[]): void {
  let text = statements.get(rows.length);
  if (!text) {
    text = insertStatement(target, rows.length);
    statements.set(rows.length, text);
  }
  const sentAt = Date.now();
  const sent: Promise<void> = pool
    .query({ name: `bench-${rows.length}`, text, values: insertValues(target, rows) })
    .then(
      () => {
        send({
          type: 'batch',
          rows: rows.length,
          ...(options.reportIds ? { ids: rows.map((r) => r.id) } : {}),
          sentAt,
          ackedAt: Date.now(),
        });
      },
      (err: unknown) => {
        failure ??= err;
      },
    )
    .finally(() => inFlight.delete(sent));
  inFlight.add(sent);
}

const total = Math.round(options.rate * options.seconds);
const started = performance.now();
let made = 0;
let maxLagMs = 0;
while (made < total && !stopping) {
  if (failure) throw failure;
  const elapsed = performance.now() - started;
  const due = Math.min(total, Math.floor((elapsed * options.rate) / 1000) + 1) - made;
  if (due > 0 && inFlight.size < maxInFlight) {
    // How far behind schedule the oldest due row is: a late inserter would flatter the latency.
    maxLagMs = Math.max(maxLagMs, elapsed - (made * 1000) / options.rate);
    const count = Math.min(due, maxBatch);
    const rows = new Array<SourceRow>(count);
    for (let i = 0; i < count; i++) rows[i] = source.next();
    insert(rows);
    made += count;
    continue;
  }
  if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  // A tick of 10 ms: at 5,000 rows/s that is ~50 rows per INSERT (one transaction), 100 commits a second.
  else await sleep(10);
}
await Promise.all(inFlight);
await pool.end();
if (failure) throw failure;
send({ type: 'done', rows: made, seconds: (performance.now() - started) / 1000, maxLagMs });
process.disconnect?.();
