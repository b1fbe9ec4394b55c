import type { IssuanceProfile } from '../normalise/types.ts';
import { type IssuanceChange, issuanceChange } from './changed-fields.ts';
import { enrichIdentity, type IdentityEnrichment } from './identity.ts';
import { defaultEnrichOptions, type EnrichOptions } from './options.ts';
import { type EventTiming, eventTiming } from './timing.ts';

export interface IssuanceEnrichment extends EventTiming, IdentityEnrichment, IssuanceChange {}

/** idrepo: the new profile is the identity as issued, so its demographics are the ones reported. */
export function enrichIssuance(
  profile: IssuanceProfile,
  createdAt: string | null,
  options: EnrichOptions = defaultEnrichOptions,
): IssuanceEnrichment {
  const timing = eventTiming(profile.date, createdAt);
  const identity = enrichIdentity(profile.newProfile, timing.eventTime, options);
  const change = issuanceChange(profile);
  // Field by field, not spread: this runs for every record.
  return {
    eventTime: timing.eventTime,
    time: timing.time,
    age: identity.age,
    ageGroup: identity.ageGroup,
    location: identity.location,
    channelClass: identity.channelClass,
    biometrics: identity.biometrics,
    isNew: change.isNew,
    changedFields: change.changedFields,
  };
}
