import type { Connector } from '../../connectors/connector.ts';
import type { ChangeRecord } from '../../encode/change-record.ts';
import { defaultEnrichOptions, type EnrichOptions } from '../../enrich/options.ts';
import type { PartialDocument, QualityFields, Tombstone } from '../../kinds/document.ts';
import { type DocumentOf, kindNamed, type ProfileOf } from '../../kinds/index.ts';
import type { QualityIssue } from '../../normalise/quality.ts';
import { documentId } from './document-id.ts';
import { sourceAndRow } from './source-fields.ts';

const clean: QualityFields = { hasIssues: false, count: 0, fields: [], issues: [] };

/** A record's data-quality issues as the document holds them. */
function qualityFields(issues: readonly QualityIssue[] | undefined): QualityFields {
  if (!issues || issues.length === 0) return clean;
  const fields: string[] = [];
  for (const i of issues) if (!fields.includes(i.field)) fields.push(i.field);
  return {
    hasIssues: true,
    count: issues.length,
    fields,
    issues: issues.map((i) => `${i.field}:${i.issue}`),
  };
}

/** What the sink does with one change record. */
export type DocumentAction<K extends string = string> =
  | { id: string; body: DocumentOf<K> }
  | { id: string; partial: PartialDocument }
  | { id: string; tombstone: Tombstone };

export type SoftDelete = 'delete' | 'mark';

/**
 * The Elasticsearch action for one change record. Pure.
 * - op 'd', or a soft delete (row.is_deleted true): replace the document by its tombstone; a soft-deleted
 *   profile must stop being counted. With `softDelete: 'mark'` a soft delete is indexed like any change
 *   instead, with row.is_deleted true, for dashboards that filter on it.
 * - a profile: index the whole document of the connector's kind (replaces any earlier version: same id).
 * - no profile on a change that is not a delete (an UPDATE whose unchanged, TOASTed profile column
 *   pgoutput did not resend): a partial update of source and row only; the indexed profile fields and
 *   their enrichment stay as they are. The sink sends it as an update without upsert: a row we never
 *   indexed a profile for gets no profile-less document.
 * Not yet guarded: see guardedAction.
 */
export function toDocument<K extends string>(
  connector: Pick<Connector, 'name'> & { kind: K },
  record: ChangeRecord<ProfileOf<K>>,
  options: EnrichOptions = defaultEnrichOptions,
  softDelete: SoftDelete = 'delete',
): DocumentAction<K> {
  const id = documentId(connector, record.row.id);
  const base = sourceAndRow(record);
  if (record.op === 'd' || (record.row.is_deleted === true && softDelete === 'delete')) {
    const { row, source } = base;
    const deletedAt = source.commitTime ?? row.del_dtimes ?? row.upd_dtimes;
    return { id, tombstone: { deleted: true, '@timestamp': deletedAt, source, row } };
  }
  if (record.profile === null) return { id, partial: base };
  const envelope = { quality: qualityFields(record.issues), source: base.source, row: base.row };
  const body = kindNamed(connector.kind).document(record.profile, record.row.cr_dtimes, options, envelope);
  return { id, body: body as DocumentOf<K> };
}
