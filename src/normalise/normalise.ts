import type { ProfileKind } from '../connectors/connector.ts';
import { authenticationProfile } from './authentication.ts';
import type { JsonObject } from './fields.ts';
import { issuanceProfile } from './issuance.ts';
import { parseProfile } from './parse-profile.ts';
import { registrationProfile } from './registration.ts';
import { Rejection } from './rejection.ts';
import type { CanonicalProfiles, NormaliseResult, RowContext } from './types.ts';

const byKind: { [K in ProfileKind]: (p: JsonObject, row: RowContext) => CanonicalProfiles[K] } = {
  registration: registrationProfile,
  issuance: issuanceProfile,
  authentication: authenticationProfile,
};

/**
 * The profile column's text as the canonical profile of its kind, or the reason it cannot be one
 * (the row then goes to the dead-letter topic). Pure: no I/O, never throws for bad input.
 */
export function normalise<K extends ProfileKind>(
  kind: K,
  rawProfileText: string,
  row: RowContext = {},
): NormaliseResult<CanonicalProfiles[K]> {
  try {
    return { ok: true, profile: byKind[kind](parseProfile(rawProfileText), row) };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.message };
    throw error;
  }
}
