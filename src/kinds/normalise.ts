import { parseProfile } from '../normalise/parse-profile.ts';
import { Rejection } from '../normalise/rejection.ts';
import type { NormaliseResult, RowContext } from '../normalise/types.ts';
import { kindNamed, type ProfileOf } from './index.ts';

/**
 * The profile column's text as the canonical profile of its kind, or the reason it cannot be one
 * (the row then goes to the dead-letter topic). Pure: no I/O, never throws for bad input: a value the
 * readers were not written for (nesting deep enough to exhaust the stack, say) is a reason too, never a
 * crash that would stop the connector on the same row at every restart.
 */
export function normalise<K extends string>(
  kind: K,
  rawProfileText: string,
  row: RowContext = {},
): NormaliseResult<ProfileOf<K>> {
  const definition = kindNamed(kind);
  try {
    return { ok: true, profile: definition.normalise(parseProfile(rawProfileText), row) as ProfileOf<K> };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.message };
    return { ok: false, reason: `the profile could not be read: ${(error as Error).message}` };
  }
}
