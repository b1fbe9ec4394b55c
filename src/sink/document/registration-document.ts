import type { EnrichOptions } from '../../enrich/options.ts';
import { enrichRegistration } from '../../enrich/registration.ts';
import type { RegistrationProfile } from '../../normalise/types.ts';
import type { PartialDocument, RegistrationDocument } from './types.ts';

/**
 * prereg / regprc: the whole document, profile fields with their enrichment then source and row (the raw
 * biometrics and exceptions lists stay out). One object literal, field order as indexed: this runs for
 * every record, and spreading partial objects into each other cost more than the enrichment itself.
 */
export function registrationDocument(
  profile: RegistrationProfile,
  createdAt: string | null,
  options: EnrichOptions,
  base: PartialDocument,
): RegistrationDocument {
  const enrichment = enrichRegistration(profile, createdAt, options);
  return {
    '@timestamp': enrichment.eventTime?.instant ?? null,
    time: enrichment.time,
    date: profile.date,
    processName: profile.processName,
    processStage: profile.processStage,
    status: profile.status,
    registrationCenterId: profile.registrationCenterId,
    operatorId: profile.operatorId,
    supervisorId: profile.supervisorId,
    startDateTime: profile.startDateTime,
    endDateTime: profile.endDateTime,
    processingSeconds: enrichment.processingSeconds,
    device: profile.device,
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
    source: base.source,
    row: base.row,
  };
}
