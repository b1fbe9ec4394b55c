import type { Profile, ProfileName } from './types.ts';

export const profiles: Readonly<Record<ProfileName, Profile>> = {
  prereg: { name: 'prereg', kind: 'registration', label: 'Pre-registration', unit: 'applications' },
  regprc: {
    name: 'regprc',
    kind: 'registration',
    label: 'Registration processing',
    unit: 'registrations',
  },
  idrepo: { name: 'idrepo', kind: 'issuance', label: 'ID issuance', unit: 'identities issued or updated' },
  ida: { name: 'ida', kind: 'authentication', label: 'Authentication', unit: 'authentications' },
};

/** connectors/<profile>.yaml writes to the alias `mosip-<profile>` (a unit test holds them together). */
export const defaultIndexPrefix = 'mosip';

/** The index (alias) a profile's documents are in: `<prefix>-<profile>`. */
export function indexOf(profile: ProfileName, prefix: string = defaultIndexPrefix): string {
  return `${prefix}-${profile}`;
}

/** Kibana data view id of a profile: stable, so a re-import overwrites rather than duplicates. */
export const dataViewId = (profile: ProfileName) => `profile-cdc-${profile}`;

/**
 * Display labels of field values, declared once: Kibana shows them through the data view's field format
 * (static lookup), the HTML report through the same table.
 */
export const valueLabels: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  success: { true: 'success', false: 'failure' },
  isNew: { true: 'new identity', false: 'update' },
  // The same two words for idrepo's process as for isNew, so its pie and its bars read alike.
  processName: { NEW: 'new identity', UPDATE: 'update' },
  biometricAuth: { true: 'biometric', false: 'not biometric' },
  'quality.hasIssues': { true: 'with issues', false: 'clean' },
};

export function valueLabel(field: string, key: string): string {
  return valueLabels[field]?.[key] ?? key;
}
