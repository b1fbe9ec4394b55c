import type { RegistrationProfile } from '../normalise/types.ts';
import { processingSeconds } from './duration.ts';
import { enrichIdentity, type IdentityEnrichment } from './identity.ts';
import { defaultEnrichOptions, type EnrichOptions } from './options.ts';
import { type EventTiming, eventTiming } from './timing.ts';

export interface RegistrationEnrichment extends EventTiming, IdentityEnrichment {
  processingSeconds: number | null;
}

/**
 * prereg and regprc. The event is the profile's date; regprc writes a bare date, whose hour comes from
 * startDateTime (then endDateTime) when it falls on that day.
 */
export function enrichRegistration(
  profile: RegistrationProfile,
  createdAt: string | null,
  options: EnrichOptions = defaultEnrichOptions,
): RegistrationEnrichment {
  const timing = eventTiming(profile.date, createdAt, [profile.startDateTime, profile.endDateTime]);
  const identity = enrichIdentity(profile, timing.eventTime, options);
  // Field by field, not spread: this runs for every record.
  return {
    eventTime: timing.eventTime,
    time: timing.time,
    age: identity.age,
    ageGroup: identity.ageGroup,
    location: identity.location,
    channelClass: identity.channelClass,
    biometrics: identity.biometrics,
    processingSeconds: processingSeconds(profile.startDateTime, profile.endDateTime),
  };
}
