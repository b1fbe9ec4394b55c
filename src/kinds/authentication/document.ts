import { ageAt, ageGroupOf } from '../../enrich/age.ts';
import { biometricSummary } from '../../enrich/biometrics.ts';
import { dateBuckets } from '../../enrich/date-buckets.ts';
import { eventTime } from '../../enrich/event-time.ts';
import { locationFields } from '../../enrich/location.ts';
import { locationNames } from '../../enrich/master.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { DemographicFields, DocumentBase, DocumentEnvelope } from '../document.ts';
import { type AuthMethod, type AuthModality, authenticationFacts } from './auth-factors.ts';
import type { AuthenticationProfile } from './profile.ts';

export interface AuthenticationDocument extends DocumentBase, DemographicFields {
  date: string | null;
  partnerName: string | null;
  authFactors: string[] | null;
  factorCount: number;
  authMethods: AuthMethod[];
  authModalities: AuthModality[];
  authType: string;
  biometricAuth: boolean;
  success: boolean | null;
  errorCodes: string[] | null;
}

/**
 * ida: one authentication request and how it went, then source and row; one object literal (see
 * registrationDocument). ida reports no exceptions, so exception counts stay null.
 */
export function authenticationDocument(
  profile: AuthenticationProfile,
  createdAt: string | null,
  options: EnrichOptions,
  base: DocumentEnvelope,
): AuthenticationDocument {
  const at = eventTime(profile.date, createdAt);
  const age = ageAt(profile.yearOfBirth, at?.instant ?? null, options.maxAge);
  const facts = authenticationFacts(profile);
  return {
    '@timestamp': at?.instant ?? null,
    time: at && dateBuckets(at),
    date: profile.date,
    partnerName: profile.partnerName,
    authFactors: profile.authFactors,
    factorCount: facts.factorCount,
    authMethods: facts.authMethods,
    authModalities: facts.authModalities,
    authType: facts.authType,
    biometricAuth: facts.biometricAuth,
    success: profile.success,
    errorCodes: profile.errorCodes,
    yearOfBirth: profile.yearOfBirth,
    age,
    ageGroup: ageGroupOf(age, options.ageGroups),
    gender: profile.gender,
    genderRaw: profile.genderRaw,
    preferredLanguages: profile.preferredLanguages,
    location: locationFields(profile.location),
    locationNames: locationNames(profile.location, options.master),
    biometrics: biometricSummary(profile.biometrics, null),
    quality: base.quality,
    source: base.source,
    row: base.row,
  };
}
