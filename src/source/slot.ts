import type pg from 'pg';
import type { TableConnector } from '../connectors/connector.ts';
import { type Lsn, parseLsn } from '../encode/lsn.ts';
import { log } from '../util/log.ts';
import './pg-types.ts';
import { pgClient } from '../util/pg-client.ts';

/** A slot just created, and the snapshot of the database at exactly its start position. */
export type SlotSnapshot = {
  consistentPoint: Lsn;
  /** Exported snapshot name; valid only until `release` is called. */
  snapshotName: string | null;
  release: () => Promise<void>;
};

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Creates the connector's slot over a replication connection. With `exportSnapshot`, the connection
 * stays open (idle) so that another session can read the table as of the slot's start: no row is
 * missed between the snapshot and the stream, and none is read twice. A temporary slot (for a
 * snapshot without streaming) disappears with its connection.
 */
export async function createSlot(
  url: string,
  c: TableConnector,
  exportSnapshot: boolean,
  temporary = false,
  failover = false,
): Promise<SlotSnapshot> {
  // `replication` is a libpq startup parameter node-postgres passes through.
  const client = pgClient({ connectionString: url, replication: 'database' } as pg.ClientConfig);
  await client.connect();
  try {
    const options = [`SNAPSHOT '${exportSnapshot ? 'export' : 'nothing'}'`];
    if (failover && !temporary) {
      const { rows: v } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      if (Number(v[0]?.server_version_num) >= 170_000) options.push('FAILOVER true');
      else
        log.warn({ slot: c.slot }, 'source.slotFailover needs PostgreSQL 17 or later; slot created without');
    }
    const { rows } = await client.query<{ consistent_point: string; snapshot_name: string | null }>(
      `CREATE_REPLICATION_SLOT ${ident(temporary ? `${c.slot}_snapshot` : c.slot)}${temporary ? ' TEMPORARY' : ''} LOGICAL pgoutput (${options.join(', ')})`,
    );
    const row = rows[0];
    if (!row) throw new Error(`CREATE_REPLICATION_SLOT ${c.slot} returned nothing`);
    if (!exportSnapshot) await client.end();
    return {
      consistentPoint: parseLsn(row.consistent_point),
      snapshotName: row.snapshot_name,
      release: () => (exportSnapshot ? client.end() : Promise.resolve()),
    };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}
