import { parseTimestamp } from '../util/timestamp.ts';
import type { Field } from './fields.ts';
import { quote, reject } from './rejection.ts';
import { integer } from './scalars.ts';
import type { RowContext } from './types.ts';

/** Nobody is older than this; an older year of birth is a typo or a placeholder, not a person. */
const maxAge = 120;

/**
 * yearOfBirth as a number. Unknown ("", 0 as regprc writes it at the sync stage) -> null. A year after
 * the event (negative age) or more than 120 years before it is impossible and rejected (the field, not the
 * profile): MOSIP's own pipeline silently counted those as "60 and above".
 */
export function yearOfBirth(f: Field, eventYear: number): number | null {
  const year = integer(f, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (year === null || year === 0) return null;
  if (year < 0) reject(f.path, `${quote(f.value)} is negative`, 'negative');
  if (year > eventYear)
    reject(f.path, `${quote(f.value)} is after the event year ${eventYear}`, 'after-event');
  if (year < eventYear - maxAge)
    reject(f.path, `${quote(f.value)} is more than ${maxAge} years before ${eventYear}`, 'too-old');
  return year;
}

/** The year ages are measured at: the profile's date, else the row's cr_dtimes, else now. */
export function eventYear(profileDate: string | null, row: RowContext): number {
  const created =
    row.createdAt instanceof Date ? row.createdAt.getTime() : parseTimestamp(row.createdAt ?? '');
  const millis = profileDate !== null ? Date.parse(profileDate) : created;
  return new Date(millis === undefined || Number.isNaN(millis) ? Date.now() : millis).getUTCFullYear();
}
