import type { Producer } from 'kafkajs';
import type pg from 'pg';
import type { Connector } from '../../connectors/connector.ts';
import type { DeadLetter } from '../../encode/change-record.ts';
import { type RowEncoding, rowMessages } from '../../source/messages.ts';
import type { Row } from '../../source/row.ts';
import { pgClient } from '../../util/pg-client.ts';

export type ReplaySummary = {
  letters: number;
  /** Rows that make a record now, sent to their topic again: the sink indexes them. */
  republished: number;
  /** Still no record, by reason (the letter stays where it is; no new letter is written). */
  stillFailing: Map<string, number>;
  /** Letters without a row id, or whose row is gone from its table (a later delete). */
  skipped: Map<string, number>;
};

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Sends dead-lettered rows through the current normaliser again, after a fix: each row is read again by id
 * from its table, turned into its record as the source would, and published to its topic at the letter's
 * own WAL position. The sink's external versions make it idempotent: a row replayed twice is one document,
 * and a row changed since the letter keeps its newer document.
 */
export async function replayDeadLetters(
  letters: readonly DeadLetter[],
  connectors: ReadonlyMap<string, { connector: Connector; url: string; encoding: RowEncoding }>,
  producer: Pick<Producer, 'send'>,
  onProgress: (done: number) => void = () => undefined,
): Promise<ReplaySummary> {
  const summary: ReplaySummary = {
    letters: letters.length,
    republished: 0,
    stillFailing: new Map(),
    skipped: new Map(),
  };
  const clients = new Map<string, pg.Client>();
  try {
    for (const [i, letter] of letters.entries()) {
      onProgress(i);
      const target = connectors.get(letter.source.connector);
      if (!target) {
        count(summary.skipped, `connector ${letter.source.connector} is not configured here`);
        continue;
      }
      if (!letter.rowId) {
        count(summary.skipped, 'no row id (an undecodable message)');
        continue;
      }
      const { connector, url, encoding } = target;
      let client = clients.get(connector.name);
      if (!client) {
        client = pgClient({ connectionString: url });
        await client.connect();
        clients.set(connector.name, client);
      }
      const { rows } = await client.query<Row>(
        `SELECT * FROM ${ident(connector.schema)}.${ident(connector.table)} WHERE id = $1`,
        [letter.rowId],
      );
      const row = rows[0];
      if (!row) {
        count(summary.skipped, 'the row is gone from its table');
        continue;
      }
      const at = {
        lsn: letter.source.lsn,
        txId: letter.source.txId,
        commitTime: letter.source.commitTime === null ? null : Date.parse(letter.source.commitTime),
      };
      const op = letter.op === 'c' || letter.op === 'r' ? letter.op : 'u';
      const { built, messages } = rowMessages(connector, op, row, at, encoding);
      if (built.kind === 'dead-letter') {
        count(summary.stillFailing, built.deadLetter.category ?? built.deadLetter.reason);
        continue;
      }
      for (const { topic, message } of messages)
        await producer.send({ topic, acks: -1, messages: [message] });
      summary.republished += 1;
    }
    onProgress(letters.length);
    return summary;
  } finally {
    for (const client of clients.values()) await client.end().catch(() => undefined);
  }
}
