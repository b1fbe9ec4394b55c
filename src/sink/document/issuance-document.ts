import { enrichIssuance } from '../../enrich/issuance.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { IssuanceProfile } from '../../normalise/types.ts';
import type { IssuanceDocument, PartialDocument } from './types.ts';

/**
 * idrepo: the new profile's facts plus which fields the update changed, then source and row. The old
 * profile's values are not indexed: one document per row, counted once, with no delete of an "old"
 * document (MOSIP's pipeline deleted the old profile's document to de-duplicate). One object literal
 * (see registrationDocument).
 */
export function issuanceDocument(
  profile: IssuanceProfile,
  createdAt: string | null,
  options: EnrichOptions,
  base: PartialDocument,
): IssuanceDocument {
  const enrichment = enrichIssuance(profile, createdAt, options);
  const identity = profile.newProfile;
  return {
    '@timestamp': enrichment.eventTime?.instant ?? null,
    time: enrichment.time,
    date: profile.date,
    processName: profile.processName,
    isNew: enrichment.isNew,
    changedFields: enrichment.changedFields,
    yearOfBirth: identity.yearOfBirth,
    age: enrichment.age,
    ageGroup: enrichment.ageGroup,
    gender: identity.gender,
    preferredLanguages: identity.preferredLanguages,
    location: enrichment.location,
    biometrics: enrichment.biometrics,
    channel: identity.channel,
    channelClass: enrichment.channelClass,
    verified: identity.verified,
    documents: identity.documents,
    source: base.source,
    row: base.row,
  };
}
