import { sampleRows } from './row-source.ts';
import type { GeneratorTable, SourceRow } from './source-row.ts';
import { windowClock } from './time.ts';

/** A generated row with its profile parsed, for assertions in tests. */
export type ParsedRow = SourceRow & { json: Record<string, unknown> };

/** Rows as the services write them; with `defects`, also the defects real tables hold (defects.ts). */
export function parsedRows(
  table: GeneratorTable,
  count: number,
  seed = 'test-seed',
  defects = false,
): ParsedRow[] {
  return sampleRows(table, count, seed, windowClock(), defects).map((row) => ({
    ...row,
    json: JSON.parse(row.profile),
  }));
}

/** How many values satisfy `predicate`. */
export function count<T>(values: readonly T[], predicate: (value: T) => boolean): number {
  return values.reduce((n, v) => (predicate(v) ? n + 1 : n), 0);
}

export const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const sqlTimestampPattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
export const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A JSON object's field, typed for tests that already checked the shape. */
export function field<T>(value: unknown, key: string): T {
  return (value as Record<string, T>)[key]!;
}
