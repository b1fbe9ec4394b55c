import type { Field } from './fields.ts';
import { quote, reject } from './rejection.ts';

// Date, optional time (seconds and fraction optional: Java's LocalDateTime.toString drops zero seconds),
// optional zone. "T" or a space (PostgreSQL's text form) between date and time.
const isoLike =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Epoch millis of a date or date-time string, or undefined when it is not one or names an impossible
 * calendar date. A timestamp without a zone is UTC (MOSIP's convention); a bare date is midnight UTC.
 */
export function parseTimestamp(value: string): number | undefined {
  const m = isoLike.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // 2026-02-30 rolled over into March
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

/** A timestamp field as an ISO-8601 UTC string; "" means unknown, an unparseable value is rejected. */
export function timestamp(f: Field): string | null {
  if (f.value === null || f.value === undefined) return null;
  if (typeof f.value !== 'string') reject(f.path, `expected a date string, got ${quote(f.value)}`);
  if (f.value.trim() === '') return null;
  const millis = parseTimestamp(f.value);
  if (millis === undefined) reject(f.path, `not a date: ${quote(f.value)}`);
  return new Date(millis).toISOString();
}

/**
 * A row timestamp (cr_dtimes ...) as ISO UTC: PostgreSQL `timestamp` text or a Date. For envelope builders:
 * pass the column's text, not a Date that a driver parsed in the local time zone.
 */
export function toIsoUtc(value: string | Date): string {
  const millis = value instanceof Date ? value.getTime() : parseTimestamp(value);
  if (millis === undefined || Number.isNaN(millis)) throw new RangeError(`not a timestamp: ${quote(value)}`);
  return new Date(millis).toISOString();
}
