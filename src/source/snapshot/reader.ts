import type pg from 'pg';
import type { TableConnector } from '../../connectors/connector.ts';
import { type Lsn, parseLsn } from '../../encode/lsn.ts';
import type { Row } from '../row.ts';
import { chunkQuery, completeChunk } from './chunk-query.ts';
import { planRanges } from './plan.ts';
import type { KeyRange } from './ranges.ts';
import { type Watermark, watermarkPrefix } from './watermark.ts';
import '../pg-types.ts';
import { pgClient } from '../../util/pg-client.ts';

export type ChunkRead = {
  rows: Row[];
  /** The last id read (the next chunk starts after it), null when the range had nothing more. */
  lastId: string | null;
  /** Transactions still running when the chunk's snapshot was taken (xid8). */
  running: bigint[];
};

/** One connection of a snapshot reader: writes watermarks into the WAL and reads chunks. */
export class ChunkReader {
  private constructor(private readonly db: pg.Client) {}

  static async connect(url: string): Promise<ChunkReader> {
    const db = pgClient({ connectionString: url });
    await db.connect();
    return new ChunkReader(db);
  }

  /**
   * Writes a watermark as a transactional logical message (its commit flushes it to the WAL at once, so
   * the stream sees it without waiting for the WAL writer), and returns its position and the next
   * transaction id after it: any transaction with an id at or above that one writes after the watermark.
   */
  async watermark(w: Watermark): Promise<{ lsn: Lsn; nextXid: bigint }> {
    const { rows } = await this.db.query<{ lsn: string }>(
      'SELECT pg_logical_emit_message(true, $1, $2)::text AS lsn',
      [watermarkPrefix, JSON.stringify(w)],
    );
    const { rows: snap } = await this.db.query<{ xmax: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax',
    );
    return { lsn: parseLsn(rows[0]?.lsn ?? '0/0'), nextXid: BigInt(snap[0]?.xmax ?? '0') };
  }

  /**
   * Reads one chunk in a read-only snapshot; with `snapshotName`, in that exported snapshot (the initial
   * snapshot of a slot that does not stream), else in a fresh one whose oldest running transaction is returned.
   */
  async chunk(
    c: TableConnector,
    range: KeyRange,
    after: string | null,
    where: string | null,
    limit: number,
    snapshotName?: string,
  ): Promise<ChunkRead> {
    await this.db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      if (snapshotName)
        await this.db.query(`SET TRANSACTION SNAPSHOT '${snapshotName.replaceAll("'", "''")}'`);
      const { rows: snap } = await this.db.query<{ xid: string }>(
        'SELECT xid::text FROM pg_snapshot_xip(pg_current_snapshot()) AS xid',
      );
      const { rows } = await this.db.query<Row>(chunkQuery(c, range, after, where, limit));
      await this.db.query('COMMIT');
      return { ...completeChunk(c, rows, limit), running: snap.map((r) => BigInt(r.xid)) };
    } catch (err) {
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Splits the table into key ranges of about `rangeRows` rows (see planRanges). */
  plan(c: TableConnector, rangeRows: number, readers: number): ReturnType<typeof planRanges> {
    return planRanges(this.db, c, rangeRows, readers);
  }

  /** Have all of these transactions ended (committed or rolled back)? */
  async ended(xids: readonly bigint[]): Promise<boolean> {
    if (xids.length === 0) return true;
    const { rows } = await this.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM unnest($1::xid8[]) AS x WHERE pg_xact_status(x) = 'in progress'",
      [xids.map(String)],
    );
    return rows[0]?.n === 0;
  }

  /** The sessions running these transactions, as far as this role may see them. */
  async holders(
    xids: readonly bigint[],
  ): Promise<{ pid: number; state: string | null; since: string | null }[]> {
    if (xids.length === 0) return [];
    const { rows } = await this.db.query<{ pid: number; state: string | null; since: string | null }>(
      `SELECT pid, state, xact_start::text AS since FROM pg_stat_activity
       WHERE backend_xid IS NOT NULL AND backend_xid::text::numeric = ANY (
         SELECT x::text::numeric % 4294967296 FROM unnest($1::xid8[]) AS x)`,
      [xids.map(String)],
    );
    return rows;
  }

  async close(): Promise<void> {
    await this.db.end().catch(() => undefined);
  }
}
