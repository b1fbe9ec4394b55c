import { field, type JsonObject, object } from '../../normalise/fields.ts';
import { identityProfile } from '../../normalise/identity.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { timestamp } from '../../normalise/timestamp.ts';
import type { IdentityProfile, RowContext } from '../../normalise/types.ts';
import { eventYear } from '../../normalise/year-of-birth.ts';
import { type IssuanceProcess, type IssuanceProfile, issuanceProcesses } from './profile.ts';

/**
 * idrepo's {processName: New|Update, date, oldProfile, newProfile} -> IssuanceProfile. An unknown process
 * name or a missing new profile costs those fields (recorded in `q`), not the identity's record.
 */
export function issuanceProfile(p: JsonObject, row: RowContext, q: QualityLog): IssuanceProfile {
  const date = q.read(() => timestamp(field(p, '', 'date')));
  const year = eventYear(date, row);
  const oldProfile = q.read(() => subProfile(p, 'oldProfile', year, q));
  const newProfile = q.read(() => subProfile(p, 'newProfile', year, q));
  if (newProfile === null && !q.issues.some((i) => i.field === 'newProfile')) q.add('newProfile', 'missing');
  return { processName: issuanceProcess(p, q), date, oldProfile, newProfile };
}

/** "New" / "Update" in any case; anything else is unknown (null, and an issue). */
function issuanceProcess(p: JsonObject, q: QualityLog): IssuanceProcess | null {
  const f = field(p, '', 'processName');
  const upper = typeof f.value === 'string' ? f.value.trim().toUpperCase() : undefined;
  const known = issuanceProcesses.find((name) => name === upper);
  if (!known) q.add(f.path, f.value === null ? 'missing' : 'unknown-code');
  return known ?? null;
}

/** A sub-profile; {} (what idrepo writes as oldProfile of a new identity) is null. */
function subProfile(p: JsonObject, name: string, year: number, q: QualityLog): IdentityProfile | null {
  const sub = object(field(p, '', name));
  return sub === null || Object.keys(sub).length === 0 ? null : identityProfile(sub, name, year, q);
}
