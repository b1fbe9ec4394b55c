import type { IdentityProfile } from '../../normalise/types.ts';

export const issuanceProcesses = ['NEW', 'UPDATE'] as const;
export type IssuanceProcess = (typeof issuanceProcesses)[number];

/** idrepo: one row per identity created (NEW) or updated (UPDATE). */
export interface IssuanceProfile {
  processName: IssuanceProcess;
  date: string | null;
  /** null for a new identity (the service writes {}). */
  oldProfile: IdentityProfile | null;
  newProfile: IdentityProfile;
}
