import type { Connector } from '../../connectors/connector.ts';
import type { KeyRange } from './ranges.ts';

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const tableName = (c: Connector) => `${ident(c.schema)}.${ident(c.table)}`;

export type Query = { text: string; values: string[] };

/**
 * The next chunk of a range: up to `limit` rows with ids after `after` (or the range's start) up to the
 * range's end, in key order, so that the last id read is where the next chunk starts. `where` is an
 * operator's filter (backfill --where), read by a SELECT-only role in a read-only transaction.
 */
export function chunkQuery(
  c: Connector,
  range: KeyRange,
  after: string | null,
  where: string | null,
  limit: number,
): Query {
  const values: string[] = [];
  const conditions: string[] = [];
  const from = after ?? range.lo;
  if (from !== null) {
    values.push(from);
    conditions.push(`id > $${values.length}`);
  }
  if (range.hi !== null) {
    values.push(range.hi);
    conditions.push(`id <= $${values.length}`);
  }
  if (where) conditions.push(`(${where})`);
  const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const rows = Math.max(1, Math.floor(limit));
  return { text: `SELECT * FROM ${tableName(c)}${filter} ORDER BY id LIMIT ${rows}`, values };
}
