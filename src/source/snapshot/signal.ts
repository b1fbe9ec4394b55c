import { ConfigError } from '../../config/errors.ts';
import type { TableConnector } from '../../connectors/connector.ts';
import { pgClient } from '../../util/pg-client.ts';
import { tableName } from './chunk-query.ts';
import { type Signal, signalPrefix } from './watermark.ts';

/**
 * Sends a request to the connector's running source through its WAL (a transactional logical message):
 * it needs no write access to MOSIP's tables, and a source that is down reads it when it starts.
 * A backfill's `where` is checked against the table first, so a typo fails here and not in the source.
 */
export async function sendSignal(url: string, c: TableConnector, signal: Signal): Promise<string> {
  const db = pgClient({ connectionString: url });
  await db.connect();
  try {
    if (signal.action === 'backfill' && signal.where) {
      await db.query('BEGIN READ ONLY');
      try {
        await db.query(`EXPLAIN SELECT 1 FROM ${tableName(c)} WHERE (${signal.where})`);
      } catch (err) {
        throw new ConfigError(`--where: ${(err as Error).message}`);
      } finally {
        await db.query('ROLLBACK').catch(() => undefined);
      }
    }
    const { rows } = await db.query<{ lsn: string }>(
      'SELECT pg_logical_emit_message(true, $1, $2)::text AS lsn',
      [signalPrefix, JSON.stringify(signal)],
    );
    return rows[0]?.lsn ?? '0/0';
  } finally {
    await db.end().catch(() => undefined);
  }
}
