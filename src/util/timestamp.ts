/**
 * The one timestamp reader of the pipeline: epoch millis from the date and date-time texts the MOSIP
 * services, PostgreSQL and the pipeline itself write. The pipeline's own canonical form (what
 * Date#toISOString writes for years 0000-9999, "2026-03-15T10:41:02.000Z") is read from its fixed positions,
 * without a regular expression: enrichment reads several timestamps of every record.
 */

const dayMillis = 86_400_000;
const zero = 48; // '0'

// Date, optional time (seconds and fraction optional: Java's LocalDateTime.toString drops zero seconds),
// optional zone. "T" or a space (PostgreSQL's text form) between date and time.
const isoLike =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Epoch millis of a date or date-time string, or undefined when it is not one or names an impossible
 * calendar date. A timestamp without a zone is UTC (MOSIP's convention); a bare date is midnight UTC.
 */
export function parseTimestamp(value: string): number | undefined {
  const canonical = canonicalMillis(value);
  if (!Number.isNaN(canonical)) return canonical;
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
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return (
    daysFromCivil(year, month, day) * dayMillis +
    ((hour * 60 + minute) * 60 + second) * 1000 +
    millis -
    offsetMinutes(m[8]) * 60_000
  );
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

/** The canonical text of a timestamp (a Date, or any text parseTimestamp reads); a RangeError otherwise. */
export function toIsoUtc(value: string | Date): string {
  const millis = value instanceof Date ? value.getTime() : parseTimestamp(value);
  if (millis === undefined || Number.isNaN(millis)) {
    const shown = JSON.stringify(value) ?? String(value);
    throw new RangeError(`not a timestamp: ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`);
  }
  return new Date(millis).toISOString();
}

/**
 * The canonical text of a date-time string parseTimestamp reads, or undefined. A string already in the
 * canonical form is returned as it is (no Date made): device and event times mostly arrive that way.
 */
export function canonicalText(value: string): string | undefined {
  if (!Number.isNaN(canonicalMillis(value))) return value;
  const millis = parseTimestamp(value);
  return millis === undefined ? undefined : new Date(millis).toISOString();
}

/** Whether `iso` has the canonical form's shape (its parts are then at fixed positions). */
export function isCanonical(iso: string): boolean {
  return (
    iso.length === 24 &&
    iso.charCodeAt(4) === 45 && // -
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(10) === 84 && // T
    iso.charCodeAt(13) === 58 && // :
    iso.charCodeAt(16) === 58 &&
    iso.charCodeAt(19) === 46 && // .
    iso.charCodeAt(23) === 90 // Z
  );
}

/** Milliseconds since the epoch of a canonical instant; NaN when `iso` is not one. */
export function canonicalMillis(iso: string): number {
  if (!isCanonical(iso)) return Number.NaN;
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const hour = digits(iso, 11, 2);
  const minute = digits(iso, 14, 2);
  const second = digits(iso, 17, 2);
  const millis = digits(iso, 20, 3);
  if (
    Number.isNaN(year + month + day + hour + minute + second + millis) ||
    !validDate(year, month, day) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return Number.NaN;
  return daysFromCivil(year, month, day) * dayMillis + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

/** The year of a canonical instant (check it with isCanonical or canonicalMillis first). */
export const canonicalYear = (iso: string): number => digits(iso, 0, 4);
/** 1-12. */
export const canonicalMonth = (iso: string): number => digits(iso, 5, 2);
/** 0-23. */
export const canonicalHour = (iso: string): number => digits(iso, 11, 2);

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); month 1-12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal number in iso[start, start + count); NaN if any character is not a digit. */
function digits(iso: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = iso.charCodeAt(i) - zero;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The proleptic Gregorian date of a day number (days since 1970-01-01): days_from_civil's inverse. */
export function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
