/**
 * A primary-key range of a table: ids greater than `lo` (null: from the first) up to and including `hi`
 * (null: to the last). Ranges split a table into parts that readers take independently.
 */
export type KeyRange = { lo: string | null; hi: string | null };

/**
 * How many ranges to split a table of about `estimatedRows` rows into: enough for every reader to have
 * work several times over, and about `rangeRows` rows each, within [1, maxRanges].
 */
export function rangeCount(
  estimatedRows: number,
  rangeRows: number,
  readers: number,
  maxRanges = 512,
): number {
  if (estimatedRows <= rangeRows) return 1;
  const wanted = Math.max(readers * 4, Math.ceil(estimatedRows / rangeRows));
  return Math.max(1, Math.min(maxRanges, wanted));
}

/**
 * Splits the key space at quantiles of a sorted sample of the table's ids, so that ranges hold about as
 * many rows each whatever the ids look like. The ranges cover every possible id exactly once.
 */
export function splitRanges(sortedSample: readonly string[], ranges: number): KeyRange[] {
  const cuts: string[] = [];
  for (let k = 1; k < ranges; k++) {
    const cut = sortedSample[Math.floor((k * sortedSample.length) / ranges)];
    if (cut !== undefined && cut !== cuts.at(-1)) cuts.push(cut);
  }
  const bounds: (string | null)[] = [null, ...cuts, null];
  return bounds.slice(0, -1).map((lo, i) => ({ lo, hi: bounds[i + 1] ?? null }));
}
