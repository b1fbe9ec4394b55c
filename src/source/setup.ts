import type pg from 'pg';
import type { TableConnector } from '../connectors/connector.ts';
import { columnsOf } from '../kinds/keys.ts';
import { FatalError } from '../util/fatal.ts';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (c: TableConnector) => `${ident(c.schema)}.${ident(c.table)}`;
/** The columns a table is read by, as SQL: `(a, b)`, or '' for all of them. */
const columnList = (c: TableConnector) => {
  const columns = columnsOf(c.kind);
  return columns ? ` (${columns.map(ident).join(', ')})` : '';
};
/** The table as a publication lists it: with its column list when only some columns are read. */
const published = (c: TableConnector) => `${qualified(c)}${columnList(c)}`;

/**
 * What a DBA runs once per database so that profile-cdc can work with a least-privilege role:
 * REPLICATION to read the slot, SELECT for snapshots, pg_logical_emit_message for their watermarks
 * (PUBLIC may execute it by default; the grant keeps it working where that was revoked), and a
 * publication it does not own. Of a master table, only the columns the pipeline reads are granted and
 * published (PostgreSQL 15's column lists): staff contact columns never leave the database.
 */
export function setupSql(connectors: readonly TableConnector[], role = 'profile_cdc'): string {
  const lines = [
    "-- profile-cdc: least-privilege role and publications (run as a superuser or the tables' owner).",
    `CREATE ROLE ${ident(role)} WITH LOGIN REPLICATION PASSWORD '<choose a password>';`,
  ];
  // One section per database, however many of its tables are read (mosip_master has three).
  const byDatabase = new Map<string, TableConnector[]>();
  for (const c of connectors) {
    const tables = byDatabase.get(c.database);
    if (tables) tables.push(c);
    else byDatabase.set(c.database, [c]);
  }
  for (const [database, tables] of byDatabase) {
    lines.push(
      '',
      `-- database ${database}`,
      `\\connect ${database}`,
      `GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(role)};`,
      ...[...new Set(tables.map((c) => c.schema))].map(
        (schema) => `GRANT USAGE ON SCHEMA ${ident(schema)} TO ${ident(role)};`,
      ),
      ...tables.map((c) => `GRANT SELECT${columnList(c)} ON ${qualified(c)} TO ${ident(role)};`),
      // Snapshot watermarks and backfill signals are logical messages in the WAL: no table is written.
      `GRANT EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) TO ${ident(role)};`,
      ...tables.map((c) => `CREATE PUBLICATION ${ident(c.publication)} FOR TABLE ${published(c)};`),
    );
  }
  lines.push(
    '',
    '-- The replication slots are created by profile-cdc itself (the REPLICATION attribute allows it).',
  );
  return `${lines.join('\n')}\n`;
}

/** Is the table in the publication? (false when the publication is missing) */
export async function publicationCovers(client: pg.Client, c: TableConnector): Promise<boolean> {
  const { rowCount } = await client.query(
    'SELECT 1 FROM pg_publication_tables WHERE pubname = $1 AND schemaname = $2 AND tablename = $3',
    [c.publication, c.schema, c.table],
  );
  return (rowCount ?? 0) > 0;
}

export class SetupError extends FatalError {
  override name = 'SetupError';
}

/**
 * Makes sure the connector's publication exists and covers its table, creating it when this role may
 * (owner or superuser); otherwise fails with the SQL a DBA has to run.
 */
export async function ensurePublication(client: pg.Client, c: TableConnector): Promise<'exists' | 'created'> {
  if (await publicationCovers(client, c)) return 'exists';
  const { rows } = await client.query<{ exists: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1) AS exists',
    [c.publication],
  );
  const sql = rows[0]?.exists
    ? `ALTER PUBLICATION ${ident(c.publication)} ADD TABLE ${published(c)}`
    : `CREATE PUBLICATION ${ident(c.publication)} FOR TABLE ${published(c)}`;
  try {
    await client.query(sql);
    return 'created';
  } catch (err) {
    throw new SetupError(
      `${c.name}: publication ${c.publication} is missing in ${c.database} and this role cannot create it ` +
        `(${(err as Error).message}). A DBA can run: ${sql}; (see: profile-cdc setup --print-sql)`,
    );
  }
}

/** `lost`: the server removed WAL the slot still needed (max_slot_wal_keep_size); its changes are gone. */
export type SlotInfo = { exists: boolean; confirmedFlush: string | null; active: boolean; lost: boolean };

export async function slotInfo(client: pg.Client, c: TableConnector): Promise<SlotInfo> {
  const { rows } = await client.query<{
    confirmed_flush_lsn: string | null;
    active: boolean;
    plugin: string;
    wal_status: string | null;
  }>(
    'SELECT confirmed_flush_lsn, active, plugin, wal_status FROM pg_replication_slots WHERE slot_name = $1 AND database = $2',
    [c.slot, c.database],
  );
  const row = rows[0];
  if (row && row.plugin !== 'pgoutput') {
    throw new SetupError(`${c.name}: slot ${c.slot} exists with plugin ${row.plugin}, not pgoutput`);
  }
  return {
    exists: !!row,
    confirmedFlush: row?.confirmed_flush_lsn ?? null,
    active: row?.active ?? false,
    lost: row?.wal_status === 'lost',
  };
}

export async function dropSlot(client: pg.Client, c: TableConnector): Promise<void> {
  await client.query('SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1', [
    c.slot,
  ]);
}
