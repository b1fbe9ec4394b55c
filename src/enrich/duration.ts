import { parseTimestamp } from '../util/timestamp.ts';

/** regprc: endDateTime - startDateTime in seconds (millisecond precision); null if either is missing or the end is first. */
export function processingSeconds(start: string | null, end: string | null): number | null {
  if (start === null || end === null) return null;
  const from = parseTimestamp(start);
  const to = parseTimestamp(end);
  if (from === undefined || to === undefined || to < from) return null;
  return (to - from) / 1000;
}
