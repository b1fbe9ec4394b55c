/** A table row as node-postgres returns it: column name -> value. */
export type Row = Record<string, unknown>;
