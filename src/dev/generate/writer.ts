import type { Pool } from 'pg';
import type { SourceRow } from './source-row.ts';

/** The table to fill; `withStage` for regprc's extra process_stage column. */
export type InsertTarget = { schema: string; table: string; withStage: boolean };

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

const columnsOf = (target: InsertTarget): string[] => [
  'id',
  ...(target.withStage ? ['process_stage'] : []),
  'profile',
  'cr_by',
  'cr_dtimes',
  'is_deleted',
];

/**
 * One multi-row INSERT for `rowCount` rows, every value a parameter. Parameters travel as they
 * are, where array parameters (unnest) would be escaped element by element into one huge
 * literal: measured several times slower for JSON-heavy rows. upd_by, upd_dtimes and
 * del_dtimes are left to their null default.
 */
export function insertStatement(target: InsertTarget, rowCount: number): string {
  const columns = columnsOf(target);
  const width = columns.length;
  const tuples = new Array<string>(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const base = r * width;
    tuples[r] = `(${columns.map((_, c) => `$${base + c + 1}`).join(',')})`;
  }
  return `INSERT INTO ${quote(target.schema)}.${quote(target.table)} (${columns.join(', ')}) VALUES ${tuples.join(',')}`;
}

/** The batch's values, row after row, in the statement's column order. */
export function insertValues(target: InsertTarget, rows: readonly SourceRow[]): (string | boolean | null)[] {
  const values: (string | boolean | null)[] = [];
  for (const row of rows) {
    values.push(row.id);
    if (target.withStage) values.push(row.processStage ?? null);
    values.push(row.profile, row.crBy, row.crDtimes, row.isDeleted);
  }
  return values;
}

/** PostgreSQL takes at most 65535 parameters per statement. */
export function maxRowsPerStatement(target: InsertTarget): number {
  return Math.floor(65_535 / columnsOf(target).length);
}

/**
 * Sends batches without waiting for each: up to `maxInFlight` statements run at once (one per
 * pool connection) while the caller builds the next batch. A failed batch fails the next call.
 */
export class BatchWriter {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  /** Statement text by batch size: full batches all share one. */
  private readonly statements = new Map<number, { name: string; text: string }>();

  constructor(
    private readonly pool: Pool,
    private readonly target: InsertTarget,
    private readonly maxInFlight: number,
    private readonly onWritten: (rows: number) => void = () => {},
  ) {}

  private statementFor(rowCount: number): { name: string; text: string } {
    let statement = this.statements.get(rowCount);
    if (!statement) {
      // Named, so each connection parses and plans it once, not once per batch.
      const { schema, table } = this.target;
      statement = {
        name: `profile-cdc-generate-${schema}-${table}-${rowCount}`,
        text: insertStatement(this.target, rowCount),
      };
      this.statements.set(rowCount, statement);
    }
    return statement;
  }

  /** Queues a batch; resolves once it has been handed over (waiting if too many are in flight). */
  async write(rows: readonly SourceRow[]): Promise<void> {
    this.throwIfFailed();
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const sent: Promise<void> = this.pool
      .query({ ...this.statementFor(rows.length), values: insertValues(this.target, rows) })
      .then(
        () => this.onWritten(rows.length),
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  /** Waits for every batch in flight; throws the first failure. */
  async flush(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
