import { field, type JsonObject, object } from './fields.ts';
import { identityProfile } from './identity.ts';
import { quote, reject } from './rejection.ts';
import { timestamp } from './timestamp.ts';
import {
  type IdentityProfile,
  type IssuanceProcess,
  type IssuanceProfile,
  issuanceProcesses,
  type RowContext,
} from './types.ts';
import { eventYear } from './year-of-birth.ts';

/** idrepo's {processName: New|Update, date, oldProfile, newProfile} -> IssuanceProfile. */
export function issuanceProfile(p: JsonObject, row: RowContext): IssuanceProfile {
  const date = timestamp(field(p, '', 'date'));
  const year = eventYear(date, row);
  const oldProfile = subProfile(p, 'oldProfile', year);
  const newProfile = subProfile(p, 'newProfile', year);
  if (newProfile === null) reject('newProfile', 'missing or empty');
  return { processName: issuanceProcess(p), date, oldProfile, newProfile };
}

/** "New" / "Update" in any case; anything else is not an issuance. */
function issuanceProcess(p: JsonObject): IssuanceProcess {
  const f = field(p, '', 'processName');
  const upper = typeof f.value === 'string' ? f.value.trim().toUpperCase() : undefined;
  const known = issuanceProcesses.find((name) => name === upper);
  if (!known) reject(f.path, f.value === null ? 'missing' : `expected New or Update, got ${quote(f.value)}`);
  return known;
}

/** A sub-profile; {} (what idrepo writes as oldProfile of a new identity) is null. */
function subProfile(p: JsonObject, name: string, year: number): IdentityProfile | null {
  const sub = object(field(p, '', name));
  return sub === null || Object.keys(sub).length === 0 ? null : identityProfile(sub, name, year);
}
