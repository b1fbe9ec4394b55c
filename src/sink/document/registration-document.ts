import type { EnrichOptions } from '../../enrich/options.ts';
import { enrichRegistration } from '../../enrich/registration.ts';
import type { RegistrationProfile } from '../../normalise/types.ts';
import { eventFields } from './event-fields.ts';
import { identityFields } from './identity-fields.ts';
import type { DocumentBase, RegistrationDocument } from './types.ts';

/** prereg / regprc profile fields and enrichment (the raw biometrics and exceptions lists stay out). */
export function registrationFields(
  profile: RegistrationProfile,
  createdAt: string | null,
  options: EnrichOptions,
): Omit<RegistrationDocument, keyof Pick<DocumentBase, 'source' | 'row'>> {
  const enrichment = enrichRegistration(profile, createdAt, options);
  return {
    ...eventFields(enrichment),
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
    ...identityFields(profile, enrichment),
  };
}
