import type { ChangeRecord } from '../../encode/change-record.ts';
import type { PartialDocument } from '../../kinds/document.ts';

/** The source position and the row's columns, copied field by field so nothing unlisted slips through. */
export function sourceAndRow(record: ChangeRecord<unknown>): PartialDocument {
  const { source, row } = record;
  return {
    source: {
      connector: source.connector,
      database: source.database,
      schema: source.schema,
      table: source.table,
      lsn: source.lsn,
      txId: source.txId,
      commitTime: source.commitTime,
      op: record.op,
    },
    row: {
      id: row.id,
      process_stage: row.process_stage,
      cr_by: row.cr_by,
      cr_dtimes: row.cr_dtimes,
      upd_by: row.upd_by,
      upd_dtimes: row.upd_dtimes,
      is_deleted: row.is_deleted,
      del_dtimes: row.del_dtimes,
    },
  };
}
