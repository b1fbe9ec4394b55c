import type { TableConnector } from '../connectors/connector.ts';
import type {
  ChangeRecord,
  DeadLetter,
  DeadLetterCategory,
  Op,
  RowColumns,
  SourcePosition,
} from '../encode/change-record.ts';
import { type DeadLetterLimits, deadLetter, defaultDeadLetterLimits } from '../encode/dead-letter.ts';
import { rowKeyOf } from '../kinds/keys.ts';
import { isMasterKind, type MasterKindName, masterKinds } from '../kinds/master/index.ts';
import { normalise } from '../kinds/normalise.ts';
import { QualityLog } from '../normalise/quality.ts';
import { toIsoUtc } from '../util/timestamp.ts';
import type { Row } from './row.ts';

/** Where a row was read: the WAL position (the slot's start for snapshot rows) and its transaction. */
export type ReadPosition = { lsn: string; txId: number | null; commitTime: number | null };

export type BuiltRecord =
  | { kind: 'change'; key: string; record: ChangeRecord<unknown> }
  | { kind: 'dead-letter'; key: string | null; deadLetter: DeadLetter };

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const timestamp = (v: unknown): string | null => (v === null || v === undefined ? null : toIsoUtc(String(v)));
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 't');

function rowColumns(row: Row, id: string): RowColumns {
  return {
    id,
    process_stage: text(row.process_stage),
    cr_by: text(row.cr_by),
    cr_dtimes: timestamp(row.cr_dtimes),
    upd_by: text(row.upd_by),
    upd_dtimes: timestamp(row.upd_dtimes),
    is_deleted: bool(row.is_deleted),
    del_dtimes: timestamp(row.del_dtimes),
  };
}

/** Above this, a profile text is dead-lettered unread (source.maxProfileBytes). */
export const defaultMaxProfileBytes = 262_144;

/** Where a row of `connector` was read, as records and dead letters carry it. */
export function sourcePosition(connector: TableConnector, at: ReadPosition): SourcePosition {
  return {
    connector: connector.name,
    database: connector.database,
    schema: connector.schema,
    table: connector.table,
    lsn: at.lsn,
    txId: at.txId,
    commitTime: at.commitTime === null ? null : new Date(at.commitTime).toISOString(),
  };
}

/** The dead letter of a row that cannot travel as its record; its raw text is cut to the limits. */
export function rowDeadLetter(
  connector: TableConnector,
  op: Op,
  row: Row,
  at: ReadPosition,
  category: DeadLetterCategory,
  reason: string,
  limits: DeadLetterLimits = defaultDeadLetterLimits,
): BuiltRecord {
  const rowId = text(row.id);
  const facts = { category, reason, raw: text(row.profile), kind: connector.kind, op, rowId };
  return {
    kind: 'dead-letter',
    key: rowId,
    deadLetter: deadLetter({ ...facts, source: sourcePosition(connector, at) }, limits),
  };
}

/**
 * One table row (or delete key) as the change record of its profile kind, with the data-quality issues of
 * its profile. A row that has no id, or whose profile is no usable profile at all (not JSON, not an object,
 * larger than `maxProfileBytes`), becomes a dead letter carrying the raw text (cut to `limits`) and the reason.
 */
export function buildRecord(
  connector: TableConnector,
  op: Op,
  row: Row,
  at: ReadPosition,
  limits: DeadLetterLimits = defaultDeadLetterLimits,
  maxProfileBytes: number = defaultMaxProfileBytes,
): BuiltRecord {
  if (isMasterKind(connector.kind))
    return buildMasterRecord({ ...connector, kind: connector.kind }, op, row, at, limits);
  const source = sourcePosition(connector, at);
  const raw = text(row.profile);
  const rowId = text(row.id);
  const dead = (category: DeadLetterCategory, reason: string) =>
    rowDeadLetter(connector, op, row, at, category, reason, limits);
  if (rowId === null || rowId === '') return dead('no-id', 'the row has no id');
  let columns: RowColumns;
  try {
    columns = rowColumns(row, rowId);
  } catch (err) {
    return dead('unreadable-column', `unreadable column: ${(err as Error).message}`);
  }
  // A delete carries only the key; an update that left a large (TOASTed) profile unchanged does not
  // resend it: both travel without a profile, and the sink keeps what it has.
  if (op === 'd' || (op === 'u' && raw === null)) {
    return { kind: 'change', key: rowId, record: { op, source, row: columns, profile: null, issues: [] } };
  }
  if (raw === null) return dead('null-profile', 'profile is null');
  // Checked before parsing: a profile is a few kilobytes, and a huge text is no profile a service wrote.
  if (raw.length > maxProfileBytes / 4 && Buffer.byteLength(raw) > maxProfileBytes)
    return dead(
      'too-large',
      `the profile takes ${Buffer.byteLength(raw)} bytes, more than source.maxProfileBytes (${maxProfileBytes})`,
    );
  const result = normalise(connector.kind, raw, {
    processStage: columns.process_stage,
    createdAt: columns.cr_dtimes,
  });
  if (!result.ok) return dead('invalid-profile', result.reason);
  const record = { op, source, row: columns, profile: result.profile, issues: result.issues };
  return { kind: 'change', key: rowId, record };
}

/**
 * A master-data row (centre, location, document type) as its change record: keyed by its key columns, the
 * row's columns read as the kind keeps them (a column it cannot use is null, with its issue).
 */
function buildMasterRecord(
  connector: TableConnector & { kind: MasterKindName },
  op: Op,
  row: Row,
  at: ReadPosition,
  limits: DeadLetterLimits,
): BuiltRecord {
  const key = rowKeyOf(connector.kind)(row);
  if (key === null)
    return rowDeadLetter(connector, op, row, at, 'no-id', 'a key column of the row is empty', limits);
  let columns: RowColumns;
  try {
    columns = rowColumns(row, key);
  } catch (err) {
    const reason = `unreadable column: ${(err as Error).message}`;
    return rowDeadLetter(connector, op, row, at, 'unreadable-column', reason, limits);
  }
  const source = sourcePosition(connector, at);
  if (op === 'd')
    return { kind: 'change', key, record: { op, source, row: columns, profile: null, issues: [] } };
  const q = new QualityLog();
  const profile = masterKinds[connector.kind].entity(row, q);
  return { kind: 'change', key, record: { op, source, row: columns, profile, issues: q.issues } };
}
