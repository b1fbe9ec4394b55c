import { enrichAuthentication } from '../../enrich/authentication.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { AuthenticationProfile } from '../../normalise/types.ts';
import { eventFields } from './event-fields.ts';
import type { AuthenticationDocument, DocumentBase } from './types.ts';

/** ida: one authentication request and how it went. */
export function authenticationFields(
  profile: AuthenticationProfile,
  createdAt: string | null,
  options: EnrichOptions,
): Omit<AuthenticationDocument, keyof Pick<DocumentBase, 'source' | 'row'>> {
  const enrichment = enrichAuthentication(profile, createdAt, options);
  return {
    ...eventFields(enrichment),
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
  };
}
