import type { AuthenticationProfile } from '../normalise/types.ts';
import { type AgeFacts, ageAt, ageGroupOf } from './age.ts';
import { type AuthenticationFacts, authenticationFacts } from './auth-factors.ts';
import { type BiometricSummary, biometricSummary } from './biometrics.ts';
import { type LocationFields, locationFields } from './location.ts';
import { defaultEnrichOptions, type EnrichOptions } from './options.ts';
import { type EventTiming, eventTiming } from './timing.ts';

export interface AuthenticationEnrichment extends EventTiming, AgeFacts, AuthenticationFacts {
  location: LocationFields;
  biometrics: BiometricSummary | null;
}

/** ida: one authentication request. ida reports no exceptions, so exception counts stay null. */
export function enrichAuthentication(
  profile: AuthenticationProfile,
  createdAt: string | null,
  options: EnrichOptions = defaultEnrichOptions,
): AuthenticationEnrichment {
  const timing = eventTiming(profile.date, createdAt);
  const age = ageAt(profile.yearOfBirth, timing.eventTime?.instant ?? null, options.maxAge);
  const facts = authenticationFacts(profile);
  // Field by field, not spread: this runs for every record.
  return {
    eventTime: timing.eventTime,
    time: timing.time,
    age,
    ageGroup: ageGroupOf(age, options.ageGroups),
    factorCount: facts.factorCount,
    authMethods: facts.authMethods,
    authType: facts.authType,
    biometricAuth: facts.biometricAuth,
    location: locationFields(profile.location),
    biometrics: biometricSummary(profile.biometrics, null),
  };
}
