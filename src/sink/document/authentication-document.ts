import { enrichAuthentication } from '../../enrich/authentication.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { AuthenticationProfile } from '../../normalise/types.ts';
import type { AuthenticationDocument, PartialDocument } from './types.ts';

/** ida: one authentication request and how it went, then source and row; one object literal (see registrationDocument). */
export function authenticationDocument(
  profile: AuthenticationProfile,
  createdAt: string | null,
  options: EnrichOptions,
  base: PartialDocument,
): AuthenticationDocument {
  const enrichment = enrichAuthentication(profile, createdAt, options);
  return {
    '@timestamp': enrichment.eventTime?.instant ?? null,
    time: enrichment.time,
    date: profile.date,
    partnerName: profile.partnerName,
    authFactors: profile.authFactors,
    factorCount: enrichment.factorCount,
    authMethods: enrichment.authMethods,
    authType: enrichment.authType,
    biometricAuth: enrichment.biometricAuth,
    success: profile.success,
    errorCodes: profile.errorCodes,
    yearOfBirth: profile.yearOfBirth,
    age: enrichment.age,
    ageGroup: enrichment.ageGroup,
    gender: profile.gender,
    preferredLanguages: profile.preferredLanguages,
    location: enrichment.location,
    biometrics: enrichment.biometrics,
    source: base.source,
    row: base.row,
  };
}
