import type { Connector } from '../../connectors/connector.ts';
import type { ChangeRecord } from '../../encode/change-record.ts';
import { defaultEnrichOptions, type EnrichOptions } from '../../enrich/options.ts';
import { kindNamed, type ProfileOf } from '../../kinds/index.ts';
import { guard } from './guard.ts';
import { type SoftDelete, toDocument } from './to-document.ts';

/** A document action after the privacy guard: body and partial hold only mapped fields. */
export type GuardedAction =
  | { id: string; body: Record<string, unknown> }
  | { id: string; partial: Record<string, unknown> }
  | { id: string; tombstone: Record<string, unknown> };

/** toDocument, then the guard of the connector's kind's mapping; `dropped` is for the sink's counters. */
export function guardedAction<K extends string>(
  connector: Pick<Connector, 'name'> & { kind: K },
  record: ChangeRecord<ProfileOf<K>>,
  options: EnrichOptions = defaultEnrichOptions,
  softDelete: SoftDelete = 'delete',
): { action: GuardedAction; dropped: string[] } {
  const action = toDocument(connector, record, options, softDelete);
  const { mappings } = kindNamed(connector.kind).indexBody;
  if ('tombstone' in action) {
    const { document, dropped } = guard(mappings, action.tombstone);
    return { action: { id: action.id, tombstone: document }, dropped };
  }
  if ('partial' in action) {
    const { document, dropped } = guard(mappings, action.partial);
    return { action: { id: action.id, partial: document }, dropped };
  }
  const { document, dropped } = guard(mappings, action.body);
  return { action: { id: action.id, body: document }, dropped };
}
