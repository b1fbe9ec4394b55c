import { parseProfile } from '../normalise/parse-profile.ts';
import { QualityLog } from '../normalise/quality.ts';
import { Rejection } from '../normalise/rejection.ts';
import type { NormaliseResult, RowContext } from '../normalise/types.ts';
import { kindNamed, type ProfileOf } from './index.ts';

/**
 * The profile column's text as the canonical profile of its kind, with the fields it could not use (each
 * null in the profile, listed in `issues`); or, when the text is no usable profile at all (not JSON, not an
 * object), the reason (the row then goes to the dead-letter topic). Pure: no I/O, never throws for bad
 * input: a value the readers were not written for is a reason too, never a crash that would stop the
 * connector on the same row at every restart.
 */
export function normalise<K extends string>(
  kind: K,
  rawProfileText: string,
  row: RowContext = {},
): NormaliseResult<ProfileOf<K>> {
  const definition = kindNamed(kind);
  try {
    const q = new QualityLog();
    const profile = definition.normalise(parseProfile(rawProfileText), row, q) as ProfileOf<K>;
    return { ok: true, profile, issues: q.issues };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.message };
    return { ok: false, reason: `the profile could not be read: ${(error as Error).message}` };
  }
}
