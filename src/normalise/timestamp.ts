import { canonicalText } from '../util/timestamp.ts';
import type { Field } from './fields.ts';
import { quote, reject, wrongType } from './rejection.ts';

/** A timestamp field as an ISO-8601 UTC string; "" means unknown, an unparseable value is rejected. */
export function timestamp(f: Field): string | null {
  if (f.value === null || f.value === undefined) return null;
  if (typeof f.value !== 'string') return wrongType(f, 'a date string');
  if (f.value.trim() === '') return null;
  const text = canonicalText(f.value);
  if (text === undefined) reject(f.path, `not a date: ${quote(f.value)}`, 'impossible-date');
  return text;
}
