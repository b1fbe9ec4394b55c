import { isObject, type JsonObject } from './fields.ts';
import { reject } from './rejection.ts';

/** The profile column's text as a JSON object; anything else is rejected. */
export function parseProfile(raw: string): JsonObject {
  let parsed: unknown;
  try {
    // A byte-order mark some writers leave in front (checked without a regular expression: every row).
    parsed = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch (error) {
    return reject('', `profile is not valid JSON (${(error as Error).message})`, 'wrong-type');
  }
  if (!isObject(parsed)) {
    reject(
      '',
      `profile is JSON ${parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed}, not an object`,
      'wrong-type',
    );
  }
  return parsed;
}
