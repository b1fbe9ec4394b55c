import type pg from 'pg';
import type { TableConnector } from '../../connectors/connector.ts';
import { chunkColumn, ident, tableName } from './chunk-query.ts';
import { type KeyRange, rangeCount, splitRanges } from './ranges.ts';

/** Ids sampled per range: enough for even quantiles, few enough to read in a moment. */
const samplesPerRange = 50;

/** The table's row count as the planner knows it, or counted when it was never analysed. */
async function estimateRows(db: pg.Client, c: TableConnector): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)',
    [tableName(c)],
  );
  const estimate = rows[0]?.n ?? -1;
  if (estimate > 0) return Math.round(estimate);
  const { rows: counted } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${tableName(c)}`);
  return Number(counted[0]?.n ?? 0);
}

/**
 * Splits the table into key ranges from a sample of its real ids (block sampling: cheap on any size),
 * so ranges are even whatever the ids look like. Returns the ranges and the estimated row count.
 */
export async function planRanges(
  db: pg.Client,
  c: TableConnector,
  rangeRows: number,
  readers: number,
): Promise<{ ranges: KeyRange[]; estimatedRows: number }> {
  const estimatedRows = await estimateRows(db, c);
  const wanted = rangeCount(estimatedRows, rangeRows, readers);
  if (wanted === 1) return { ranges: [{ lo: null, hi: null }], estimatedRows };
  const percent = Math.min(100, (100 * wanted * samplesPerRange) / estimatedRows);
  const column = ident(chunkColumn(c));
  const { rows } = await db.query<{ id: string }>(
    `SELECT ${column} AS id FROM ${tableName(c)} TABLESAMPLE SYSTEM ($1) ORDER BY ${column}`,
    [percent],
  );
  return {
    ranges: splitRanges(
      rows.map((r) => r.id),
      wanted,
    ),
    estimatedRows,
  };
}
