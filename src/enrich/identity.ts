import type { IdentityProfile } from '../normalise/types.ts';
import { type AgeFacts, ageAt, ageGroupOf } from './age.ts';
import { type BiometricSummary, biometricSummary } from './biometrics.ts';
import { type ChannelClass, channelClass } from './channel.ts';
import type { EventTime } from './event-time.ts';
import { type LocationFields, locationFields } from './location.ts';
import type { EnrichOptions } from './options.ts';

/** What registration and issuance profiles share: age, place, reachability, biometrics. */
export interface IdentityEnrichment extends AgeFacts {
  location: LocationFields;
  channelClass: ChannelClass | null;
  biometrics: BiometricSummary | null;
}

export function enrichIdentity(
  profile: IdentityProfile,
  at: EventTime | null,
  options: EnrichOptions,
): IdentityEnrichment {
  // Field by field, not spread: this runs for every record.
  const age = ageAt(profile.yearOfBirth, at?.instant ?? null, options.maxAge);
  return {
    age,
    ageGroup: ageGroupOf(age, options.ageGroups),
    location: locationFields(profile.location),
    channelClass: channelClass(profile.channel),
    biometrics: biometricSummary(profile.biometrics, profile.exceptions),
  };
}
