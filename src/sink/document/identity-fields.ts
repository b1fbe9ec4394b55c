import type { IdentityEnrichment } from '../../enrich/identity.ts';
import type { IdentityProfile } from '../../normalise/types.ts';
import type { IdentityFields } from './types.ts';

/** The identity facts of a registration or issuance profile with their enrichment. */
export function identityFields(profile: IdentityProfile, enrichment: IdentityEnrichment): IdentityFields {
  return {
    yearOfBirth: profile.yearOfBirth,
    age: enrichment.age,
    ageGroup: enrichment.ageGroup,
    gender: profile.gender,
    preferredLanguages: profile.preferredLanguages,
    location: enrichment.location,
    biometrics: enrichment.biometrics,
    channel: profile.channel,
    channelClass: enrichment.channelClass,
    verified: profile.verified,
    documents: profile.documents,
  };
}
