import type { Connector } from '../connectors/connector.ts';
import type { ChangeRecord } from '../encode/change-record.ts';
import { parseLsn } from '../encode/lsn.ts';
import { defaultEnrichOptions, type EnrichOptions } from '../enrich/options.ts';
import type { BulkAction } from './bulk/action.ts';
import { guardedAction } from './document/guarded-action.ts';
import type { SoftDelete } from './document/to-document.ts';

export type RecordOptions = { enrich: EnrichOptions; softDelete: SoftDelete };
const defaultRecordOptions: RecordOptions = { enrich: defaultEnrichOptions, softDelete: 'delete' };

/** What a record becomes once Elasticsearch took its action. */
export type RecordResult = 'indexed' | 'updated' | 'deleted';

export type RecordAction = {
  bulk: BulkAction;
  result: RecordResult;
  /** Paths the privacy guard removed (array positions left out). */
  dropped: string[];
  /** Epoch millis of the source commit, for the end-to-end latency; null for snapshot reads (no commit). */
  committedAt: number | null;
};

/**
 * What the sink does with one decoded change record, decided without I/O: the document of the connector's
 * kind, guarded by its mapping, as an index, a partial update or a tombstone (an index of a document marked
 * deleted) into the connector's index, versioned by the change's WAL position, so a replay or retry never
 * goes back in time and never brings a deleted row back, however long after the delete it comes.
 */
export function recordAction(
  connector: Pick<Connector, 'name' | 'kind' | 'index'>,
  record: ChangeRecord<unknown>,
  options: RecordOptions = defaultRecordOptions,
): RecordAction {
  const { action, dropped } = guardedAction(connector, record, options.enrich, options.softDelete);
  const { index } = connector;
  const version = parseLsn(record.source.lsn);
  const { commitTime } = record.source;
  const committedAt = record.op === 'r' || commitTime === null ? null : Date.parse(commitTime);
  if ('tombstone' in action) {
    const bulk: BulkAction = { index, id: action.id, op: 'index', body: action.tombstone, version };
    return { bulk, result: 'deleted', dropped, committedAt };
  }
  if ('partial' in action)
    return {
      bulk: { index, id: action.id, op: 'update', body: action.partial },
      result: 'updated',
      dropped,
      committedAt,
    };
  return {
    bulk: { index, id: action.id, op: 'index', body: action.body, version },
    result: 'indexed',
    dropped,
    committedAt,
  };
}

/** Seconds from the source commit to `now`; null when the record had no commit (snapshot read). */
export function latencySeconds(
  action: Pick<RecordAction, 'committedAt'>,
  now: number = Date.now(),
): number | null {
  return action.committedAt === null ? null : (now - action.committedAt) / 1000;
}
