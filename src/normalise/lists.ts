import { elements, type Field } from './fields.ts';
import { text } from './scalars.ts';

/** Strings of a list, trimmed, with nulls and "" dropped. */
export function strings(f: Field): string[] | null {
  const items = elements(f);
  return items === null ? null : items.map(text).filter((s): s is string => s !== null);
}

/** Like `strings`, and a lone string is a list of one: the singular spellings (preferredLanguage, errorCode). */
export function oneOrMany(f: Field): string[] | null {
  return typeof f.value === 'string' ? strings({ path: f.path, value: [f.value] }) : strings(f);
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/** Location levels, top first. A missing level ("" or null) stays in place as null: positions are levels. */
export function location(f: Field): (string | null)[] | null {
  return elements(f)?.map(text) ?? null;
}

/** preferredLanguages, or the singular preferredLanguage (even "fra,ara") -> ["fra", "ara"]. */
export function languages(f: Field): string[] | null {
  const values = oneOrMany(f);
  if (values === null) return null;
  return distinct(values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase())).filter(Boolean);
}

/** channel: ["email","phone"] / ["PHONE","EMAIL"] / [null,null] -> lower case, no nulls, no duplicates. */
export function channels(f: Field): string[] | null {
  const values = strings(f);
  return values === null ? null : distinct(values.map((v) => v.toLowerCase()));
}

/** A list of codes or names (documents, verified), as written, without nulls or duplicates. */
export function codes(f: Field): string[] | null {
  const values = strings(f);
  return values === null ? null : distinct(values);
}

/** authFactors: upper case ("otp" -> "OTP"), no duplicates. */
export function upperCodes(f: Field): string[] | null {
  const values = strings(f);
  return values === null ? null : distinct(values.map((v) => v.toUpperCase()));
}
