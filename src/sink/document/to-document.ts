import type { Connector, ProfileKind } from '../../connectors/connector.ts';
import type { ChangeRecord } from '../../encode/change-record.ts';
import { defaultEnrichOptions, type EnrichOptions } from '../../enrich/options.ts';
import type { CanonicalProfiles } from '../../normalise/types.ts';
import { authenticationDocument } from './authentication-document.ts';
import { documentId } from './document-id.ts';
import { issuanceDocument } from './issuance-document.ts';
import { registrationDocument } from './registration-document.ts';
import { sourceAndRow } from './source-fields.ts';
import type { DocumentAction, Documents, PartialDocument } from './types.ts';

/** The whole document of each kind: profile fields and enrichment, then `base` (source and row). */
type DocumentBuilders = {
  [K in ProfileKind]: (
    profile: CanonicalProfiles[K],
    createdAt: string | null,
    options: EnrichOptions,
    base: PartialDocument,
  ) => Documents[K];
};

const documentBuilders: DocumentBuilders = {
  registration: registrationDocument,
  issuance: issuanceDocument,
  authentication: authenticationDocument,
};

/**
 * The Elasticsearch action for one change record. Pure.
 * - op 'd', or a soft delete (row.is_deleted true): delete the document; a soft-deleted profile must stop
 *   being counted. With `softDelete: 'mark'` a soft delete is indexed like any change instead, with
 *   row.is_deleted true, for dashboards that filter on it.
 * - a profile: index the whole document (replaces any earlier version: same id).
 * - no profile on a change that is not a delete (an UPDATE whose unchanged, TOASTed profile column
 *   pgoutput did not resend): a partial update of source and row only; the indexed profile fields and
 *   their enrichment stay as they are. The sink sends it as an update without upsert: a row we never
 *   indexed a profile for gets no profile-less document.
 * Not yet guarded: see guardedAction.
 */
export function toDocument<K extends ProfileKind>(
  connector: Pick<Connector, 'name'> & { kind: K },
  record: ChangeRecord<CanonicalProfiles[K]>,
  options: EnrichOptions = defaultEnrichOptions,
  softDelete: 'delete' | 'mark' = 'delete',
): DocumentAction<K> {
  const id = documentId(connector, record.row.id);
  if (record.op === 'd' || (record.row.is_deleted === true && softDelete === 'delete'))
    return { id, delete: true };
  const base = sourceAndRow(record);
  if (record.profile === null) return { id, partial: base };
  const build = documentBuilders[connector.kind];
  return { id, body: build(record.profile, record.row.cr_dtimes, options, base) };
}
