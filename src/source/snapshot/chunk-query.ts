import type { TableConnector } from '../../connectors/connector.ts';
import { columnsOf, keyColumnsOf } from '../../kinds/keys.ts';
import type { Row } from '../row.ts';
import type { KeyRange } from './ranges.ts';

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const tableName = (c: TableConnector) => `${ident(c.schema)}.${ident(c.table)}`;

export type Query = { text: string; values: string[] };

/** The column ranges split on and chunks resume after: the key's first column (`id`, `code`). */
export const chunkColumn = (c: Pick<TableConnector, 'kind'>): string => keyColumnsOf(c.kind)[0];

/**
 * The next chunk of a range: up to `limit` rows with ids after `after` (or the range's start) up to the
 * range's end, in key order, so that the last id read is where the next chunk starts. `where` is an
 * operator's filter (backfill --where), read by a SELECT-only role in a read-only transaction.
 */
export function chunkQuery(
  c: TableConnector,
  range: KeyRange,
  after: string | null,
  where: string | null,
  limit: number,
): Query {
  const column = ident(chunkColumn(c));
  const order = keyColumnsOf(c.kind).map(ident).join(', ');
  const values: string[] = [];
  const conditions: string[] = [];
  const from = after ?? range.lo;
  if (from !== null) {
    values.push(from);
    conditions.push(`${column} > $${values.length}`);
  }
  if (range.hi !== null) {
    values.push(range.hi);
    conditions.push(`${column} <= $${values.length}`);
  }
  if (where) conditions.push(`(${where})`);
  const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const rows = Math.max(1, Math.floor(limit));
  const columns = columnsOf(c.kind)?.map(ident).join(', ') ?? '*';
  return { text: `SELECT ${columns} FROM ${tableName(c)}${filter} ORDER BY ${order} LIMIT ${rows}`, values };
}

/**
 * The rows of a chunk that the next one resumes after, and where it resumes. A full chunk of a table with
 * a composite key (one row per language) may end inside one first-column value: that value's rows are
 * left to the next chunk, which starts after the value before it, so no language of it is skipped.
 */
export function completeChunk(
  c: Pick<TableConnector, 'kind'>,
  rows: Row[],
  limit: number,
): { rows: Row[]; lastId: string | null } {
  const column = chunkColumn(c);
  const last = rows.at(-1);
  if (!last) return { rows, lastId: null };
  const lastValue = String(last[column]);
  if (rows.length < limit || keyColumnsOf(c.kind).length === 1) return { rows, lastId: lastValue };
  let cut = rows.length - 1;
  while (cut > 0 && String(rows[cut - 1]?.[column]) === lastValue) cut -= 1;
  // A whole chunk of one value (more languages than chunk rows) cannot be split: kept as it is.
  if (cut === 0) return { rows, lastId: lastValue };
  return { rows: rows.slice(0, cut), lastId: String(rows[cut - 1]?.[column]) };
}
