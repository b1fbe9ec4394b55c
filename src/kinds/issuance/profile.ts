import type { IdentityProfile } from '../../normalise/types.ts';

export const issuanceProcesses = ['NEW', 'UPDATE'] as const;
export type IssuanceProcess = (typeof issuanceProcesses)[number];

/** idrepo: one row per identity created (NEW) or updated (UPDATE). */
export interface IssuanceProfile {
  /** null when the service wrote neither New nor Update (a data-quality issue). */
  processName: IssuanceProcess | null;
  date: string | null;
  /** null for a new identity (the service writes {}). */
  oldProfile: IdentityProfile | null;
  /** null only when the row lacks it (a data-quality issue). */
  newProfile: IdentityProfile | null;
}
