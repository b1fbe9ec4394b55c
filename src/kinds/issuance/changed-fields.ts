import type { IdentityProfile } from '../../normalise/types.ts';
import type { IssuanceProfile } from './profile.ts';

/** The identity fields compared, in the canonical profile's order (the order changedFields lists them in). */
const identityFields = [
  'yearOfBirth',
  'gender',
  'location',
  'preferredLanguages',
  'channel',
  'exceptions',
  'verified',
  'biometrics',
  'documents',
] as const satisfies readonly (keyof IdentityProfile)[];
export type IdentityField = (typeof identityFields)[number];

/** Lists whose order carries no meaning: ["phone","email"] and ["email","phone"] are the same channels. */
const unordered: ReadonlySet<IdentityField> = new Set([
  'preferredLanguages',
  'channel',
  'exceptions',
  'verified',
  'biometrics',
  'documents',
]);

export interface IssuanceChange {
  /** null when the row says neither New nor Update. */
  isNew: boolean | null;
  /** [] for a new identity; null for an update that does not carry both profiles (unknown). */
  changedFields: IdentityField[] | null;
}

/** idrepo: which identity fields an update changed, so dashboards can count updates per field. */
export function issuanceChange(profile: IssuanceProfile): IssuanceChange {
  if (profile.processName === 'NEW') return { isNew: true, changedFields: [] };
  const { oldProfile, newProfile } = profile;
  return {
    isNew: profile.processName === null ? null : false,
    changedFields: oldProfile && newProfile && changedFields(oldProfile, newProfile),
  };
}

/** Fields whose values differ. A missing list and an empty one are the same (nothing). */
export function changedFields(before: IdentityProfile, after: IdentityProfile): IdentityField[] {
  return identityFields.filter((name) => comparable(name, before[name]) !== comparable(name, after[name]));
}

function comparable(name: IdentityField, value: unknown): string {
  if (!Array.isArray(value)) return JSON.stringify(value ?? null);
  if (value.length === 0) return JSON.stringify(null);
  const items = value.map((item) => JSON.stringify(item ?? null));
  return JSON.stringify(unordered.has(name) ? items.sort() : items);
}
