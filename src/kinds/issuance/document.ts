import { ageAt, ageGroupOf } from '../../enrich/age.ts';
import { biometricSummary } from '../../enrich/biometrics.ts';
import { channelClass } from '../../enrich/channel.ts';
import { dateBuckets } from '../../enrich/date-buckets.ts';
import { eventTime } from '../../enrich/event-time.ts';
import { locationFields } from '../../enrich/location.ts';
import { documentNames, locationNames } from '../../enrich/master.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { IdentityProfile } from '../../normalise/types.ts';
import type { DocumentBase, DocumentEnvelope, IdentityFields } from '../document.ts';
import { type IdentityField, issuanceChange } from './changed-fields.ts';
import type { IssuanceProfile } from './profile.ts';

/** The new profile of a row that lacks one (a data-quality issue): every fact unknown. */
const noIdentity: IdentityProfile = {
  yearOfBirth: null,
  gender: null,
  genderRaw: null,
  location: null,
  preferredLanguages: null,
  channel: null,
  exceptions: null,
  verified: null,
  biometrics: null,
  documents: null,
};

export interface IssuanceDocument extends DocumentBase, IdentityFields {
  date: string | null;
  processName: 'NEW' | 'UPDATE' | null;
  isNew: boolean | null;
  changedFields: IdentityField[] | null;
}

/**
 * idrepo: the new profile's facts (the identity as issued, so its demographics are the ones reported)
 * plus which fields the update changed, then source and row. The old profile's values are not indexed:
 * one document per row, counted once, with no delete of an "old" document (MOSIP's pipeline deleted the
 * old profile's document to de-duplicate). One object literal (see registrationDocument).
 */
export function issuanceDocument(
  profile: IssuanceProfile,
  createdAt: string | null,
  options: EnrichOptions,
  base: DocumentEnvelope,
): IssuanceDocument {
  const at = eventTime(profile.date, createdAt);
  const identity = profile.newProfile ?? noIdentity;
  const age = ageAt(identity.yearOfBirth, at?.instant ?? null, options.maxAge);
  const change = issuanceChange(profile);
  return {
    '@timestamp': at?.instant ?? null,
    time: at && dateBuckets(at),
    date: profile.date,
    processName: profile.processName,
    isNew: change.isNew,
    changedFields: change.changedFields,
    yearOfBirth: identity.yearOfBirth,
    age,
    ageGroup: ageGroupOf(age, options.ageGroups),
    gender: identity.gender,
    genderRaw: identity.genderRaw,
    preferredLanguages: identity.preferredLanguages,
    location: locationFields(identity.location),
    locationNames: locationNames(identity.location, options.master),
    biometrics: biometricSummary(identity.biometrics, identity.exceptions),
    channel: identity.channel,
    channelClass: channelClass(identity.channel),
    verified: identity.verified,
    documents: identity.documents,
    documentNames: documentNames(identity.documents, options.master),
    quality: base.quality,
    source: base.source,
    row: base.row,
  };
}
