import { isObject, type JsonObject } from './fields.ts';
import { reject } from './rejection.ts';

/** The profile column's text as a JSON object; anything else is rejected. */
export function parseProfile(raw: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/^\uFEFF/, ''));
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
