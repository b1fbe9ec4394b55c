/**
 * Fast reading of the canonical timestamps the pipeline carries ("2026-03-15T10:41:02.000Z", what
 * Date#toISOString writes for years 0000-9999). Enrichment runs for every record and used to parse each
 * one with Date.parse and format it back; for a canonical string the parts are at fixed positions.
 * Anything else (other spellings, extended years, out-of-range parts) is `NaN` here, and callers fall
 * back to Date.parse, so results never differ.
 */

const dayMillis = 86_400_000;
const canonicalLength = 24;
const zero = 48; // '0'

/** Milliseconds since the epoch of a canonical instant; NaN when `iso` is not one. */
export function canonicalMillis(iso: string): number {
  if (iso.length !== canonicalLength || !hasCanonicalPunctuation(iso)) return Number.NaN;
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const hour = digits(iso, 11, 2);
  const minute = digits(iso, 14, 2);
  const second = digits(iso, 17, 2);
  const millis = digits(iso, 20, 3);
  if (
    Number.isNaN(year + month + day + hour + minute + second + millis) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return Number.NaN;
  return daysFromCivil(year, month, day) * dayMillis + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

/** Date.parse, without its cost for a canonical instant. */
export function parseInstant(iso: string): number {
  const millis = canonicalMillis(iso);
  return Number.isNaN(millis) ? Date.parse(iso) : millis;
}

/** The year of a canonical instant (already checked by canonicalMillis). */
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

function hasCanonicalPunctuation(iso: string): boolean {
  return (
    iso.charCodeAt(4) === 45 && // -
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(10) === 84 && // T
    iso.charCodeAt(13) === 58 && // :
    iso.charCodeAt(16) === 58 &&
    iso.charCodeAt(19) === 46 && // .
    iso.charCodeAt(23) === 90 // Z
  );
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
