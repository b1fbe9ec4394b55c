import { ageAt, ageGroupOf } from '../../enrich/age.ts';
import { biometricSummary } from '../../enrich/biometrics.ts';
import { channelClass } from '../../enrich/channel.ts';
import { dateBuckets } from '../../enrich/date-buckets.ts';
import { processingSeconds } from '../../enrich/duration.ts';
import { eventTime } from '../../enrich/event-time.ts';
import { locationFields } from '../../enrich/location.ts';
import { centreFields, documentNames, locationNames } from '../../enrich/master.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { CentreJoin, DocumentBase, DocumentEnvelope, IdentityFields } from '../document.ts';
import type { RegistrationDevice, RegistrationProfile } from './profile.ts';

export interface RegistrationDocument extends DocumentBase, IdentityFields, CentreJoin {
  date: string | null;
  processName: string | null;
  processNameRaw: string | null;
  processStage: string | null;
  status: string | null;
  statusRaw: string | null;
  registrationCenterId: string | null;
  operatorId: string | null;
  supervisorId: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  processingSeconds: number | null;
  device: RegistrationDevice | null;
}

/**
 * prereg / regprc: the whole document, profile fields with their enrichment then source and row (the raw
 * biometrics and exceptions lists stay out). The event is the profile's date; regprc writes a bare date,
 * whose hour comes from startDateTime (then endDateTime) when it falls on that day. One object literal,
 * field order as indexed: this runs for every record, and spreading partial objects into each other cost
 * more than the enrichment itself.
 */
export function registrationDocument(
  profile: RegistrationProfile,
  createdAt: string | null,
  options: EnrichOptions,
  base: DocumentEnvelope,
): RegistrationDocument {
  const at = eventTime(profile.date, createdAt, [profile.startDateTime, profile.endDateTime]);
  const age = ageAt(profile.yearOfBirth, at?.instant ?? null, options.maxAge);
  return {
    '@timestamp': at?.instant ?? null,
    time: at && dateBuckets(at),
    date: profile.date,
    processName: profile.processName,
    processNameRaw: profile.processNameRaw,
    processStage: profile.processStage,
    status: profile.status,
    statusRaw: profile.statusRaw,
    registrationCenterId: profile.registrationCenterId,
    centre: centreFields(profile.registrationCenterId, options.master),
    operatorId: profile.operatorId,
    supervisorId: profile.supervisorId,
    startDateTime: profile.startDateTime,
    endDateTime: profile.endDateTime,
    processingSeconds: processingSeconds(profile.startDateTime, profile.endDateTime),
    device: profile.device,
    yearOfBirth: profile.yearOfBirth,
    age,
    ageGroup: ageGroupOf(age, options.ageGroups),
    gender: profile.gender,
    genderRaw: profile.genderRaw,
    preferredLanguages: profile.preferredLanguages,
    location: locationFields(profile.location),
    locationNames: locationNames(profile.location, options.master),
    biometrics: biometricSummary(profile.biometrics, profile.exceptions),
    channel: profile.channel,
    channelClass: channelClass(profile.channel),
    verified: profile.verified,
    documents: profile.documents,
    documentNames: documentNames(profile.documents, options.master),
    quality: base.quality,
    source: base.source,
    row: base.row,
  };
}
