import { elements, type Field } from './fields.ts';
import type { QualityLog } from './quality.ts';
import { text } from './scalars.ts';

/**
 * List readers. A value that is not a list (or far too long a one) is rejected whole: the caller's
 * QualityLog makes the field null. An element that cannot be read costs that element only, recorded in `q`.
 */

/** Strings of a list, trimmed, with nulls, "" and unreadable elements dropped. */
export function strings(f: Field, q: QualityLog): string[] | null {
  const items = elements(f);
  if (items === null) return null;
  const values: string[] = [];
  for (const item of items) {
    const value = q.read(() => text(item));
    if (value !== null) values.push(value);
  }
  return values;
}

/** Like `strings`, and a lone string is a list of one: the singular spellings (preferredLanguage, errorCode). */
export function oneOrMany(f: Field, q: QualityLog): string[] | null {
  return typeof f.value === 'string' ? strings({ path: f.path, value: [f.value] }, q) : strings(f, q);
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/** Deeper than this, a location list is not a country's hierarchy. */
const maxLocationLevels = 16;

/** Location levels, top first. A missing or unreadable level stays in place as null: positions are levels. */
export function location(f: Field, q: QualityLog): (string | null)[] | null {
  return elements(f, maxLocationLevels)?.map((item) => q.read(() => text(item))) ?? null;
}

/** preferredLanguages, or the singular preferredLanguage (even "fra,ara") -> ["fra", "ara"]. */
export function languages(f: Field, q: QualityLog): string[] | null {
  const values = oneOrMany(f, q);
  if (values === null) return null;
  return distinct(values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase())).filter(Boolean);
}

/** channel: ["email","phone"] / ["PHONE","EMAIL"] / [null,null] -> lower case, no nulls, no duplicates. */
export function channels(f: Field, q: QualityLog): string[] | null {
  const values = strings(f, q);
  return values === null ? null : distinct(values.map((v) => v.toLowerCase()));
}

/** A list of codes or names (documents, verified), as written, without nulls or duplicates. */
export function codes(f: Field, q: QualityLog): string[] | null {
  const values = strings(f, q);
  return values === null ? null : distinct(values);
}

/** authFactors: upper case ("otp" -> "OTP"), no duplicates. */
export function upperCodes(f: Field, q: QualityLog): string[] | null {
  const values = strings(f, q);
  return values === null ? null : distinct(values.map((v) => v.toUpperCase()));
}
