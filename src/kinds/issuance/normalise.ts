import { field, type JsonObject, object } from '../../normalise/fields.ts';
import { identityProfile } from '../../normalise/identity.ts';
import { quote, reject } from '../../normalise/rejection.ts';
import { timestamp } from '../../normalise/timestamp.ts';
import type { IdentityProfile, RowContext } from '../../normalise/types.ts';
import { eventYear } from '../../normalise/year-of-birth.ts';
import { type IssuanceProcess, type IssuanceProfile, issuanceProcesses } from './profile.ts';

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
