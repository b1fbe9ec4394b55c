import { isMasterKind, masterKinds } from './master/index.ts';

const profileKey = ['id'] as const;

/** The primary key columns of a kind's table: `id` for anonymous_profile, (code, lang_code) and the like for master data. */
export function keyColumnsOf(kind: string): readonly [string, ...string[]] {
  return isMasterKind(kind) ? masterKinds[kind].keyColumns : profileKey;
}

/** The columns a kind's table is read by (publication, snapshot, grants); null: all of them (profile tables). */
export function columnsOf(kind: string): readonly string[] | null {
  return isMasterKind(kind) ? masterKinds[kind].columns : null;
}

const missing = (v: unknown) => v === null || v === undefined || v === '';

/**
 * How a row of `kind` is keyed in records, Kafka messages and snapshot windows: its key columns' values
 * joined by '|' (the bare id for a profile table); null when a key column is missing.
 */
export function rowKeyOf(kind: string): (row: Readonly<Record<string, unknown>>) => string | null {
  const columns = keyColumnsOf(kind);
  if (columns.length === 1) {
    const [column] = columns;
    return (row) => (missing(row[column]) ? null : String(row[column]));
  }
  return (row) => {
    let key = '';
    for (const column of columns) {
      const value = row[column];
      if (missing(value)) return null;
      key += key === '' ? String(value) : `|${String(value)}`;
    }
    return key;
  };
}
