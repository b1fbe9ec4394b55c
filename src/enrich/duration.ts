import { parseInstant } from './utc-instant.ts';

/** regprc: endDateTime - startDateTime in seconds (millisecond precision); null if either is missing or the end is first. */
export function processingSeconds(start: string | null, end: string | null): number | null {
  if (start === null || end === null) return null;
  const millis = parseInstant(end) - parseInstant(start);
  return Number.isNaN(millis) || millis < 0 ? null : millis / 1000;
}
