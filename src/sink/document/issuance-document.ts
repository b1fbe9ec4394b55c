import { enrichIssuance } from '../../enrich/issuance.ts';
import type { EnrichOptions } from '../../enrich/options.ts';
import type { IssuanceProfile } from '../../normalise/types.ts';
import { eventFields } from './event-fields.ts';
import { identityFields } from './identity-fields.ts';
import type { DocumentBase, IssuanceDocument } from './types.ts';

/**
 * idrepo: the new profile's facts plus which fields the update changed. The old profile's values are not
 * indexed: one document per row, counted once, with no delete of an "old" document (MOSIP's pipeline
 * deleted the old profile's document to de-duplicate).
 */
export function issuanceFields(
  profile: IssuanceProfile,
  createdAt: string | null,
  options: EnrichOptions,
): Omit<IssuanceDocument, keyof Pick<DocumentBase, 'source' | 'row'>> {
  const enrichment = enrichIssuance(profile, createdAt, options);
  return {
    ...eventFields(enrichment),
    date: profile.date,
    processName: profile.processName,
    isNew: enrichment.isNew,
    changedFields: enrichment.changedFields,
    ...identityFields(profile.newProfile, enrichment),
  };
}
