import type { QualityIssue } from '../normalise/quality.ts';

/**
 * The plain (JSON-ready) form of the records in src/kinds/<kind>/<kind>.avsc. Timestamps are ISO-8601 UTC strings
 * here; the encoder turns them into Avro timestamp-millis and the decoder back.
 */

/** c create, u update, d delete, r read during the initial snapshot. */
export type Op = 'c' | 'u' | 'd' | 'r';

export interface SourcePosition {
  connector: string;
  database: string;
  schema: string;
  table: string;
  /** PostgreSQL LSN as text, e.g. "0/16B3748". */
  lsn: string;
  txId: number | null;
  commitTime: string | null;
}

/** The row's columns other than profile. A delete may carry only id (replica identity default). */
export interface RowColumns {
  id: string;
  /** regprc only. */
  process_stage: string | null;
  cr_by: string | null;
  cr_dtimes: string | null;
  upd_by: string | null;
  upd_dtimes: string | null;
  is_deleted: boolean | null;
  del_dtimes: string | null;
}

export interface ChangeRecord<P> {
  op: Op;
  source: SourcePosition;
  row: RowColumns;
  /** null for deletes. */
  profile: P | null;
  /** The profile's fields the normaliser could not use (each null in the profile); [] for none. */
  issues: QualityIssue[];
}

/** A record the pipeline could not deliver (deadletter.avsc); see dead-letter.ts for how one is made. */
export interface DeadLetter {
  reason: string;
  /** The profile column's text as read (the sink: the record or message), cut to a bounded size. */
  raw: string | null;
  kind: string | null;
  op: Op | null;
  source: SourcePosition;
  rowId: string | null;
  /** When it was rejected. */
  time: string;
  category: DeadLetterCategory | null;
  /** UTF-8 size of the whole raw text. */
  rawBytes: number | null;
  /** SHA-256 (hex) of the whole raw text. */
  rawSha256: string | null;
}

/** Why a record is a dead letter, in a word: bounded, so it can label metrics. */
export const deadLetterCategories = [
  'invalid-profile',
  'null-profile',
  'no-id',
  'unreadable-column',
  'too-large',
  'kafka-refused',
  'undecodable',
  'elasticsearch-refused',
] as const;
export type DeadLetterCategory = (typeof deadLetterCategories)[number];
