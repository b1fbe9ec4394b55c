import type { Message } from 'kafkajs';
import type { TableConnector } from '../connectors/connector.ts';
import type { DeadLetterCategory, Op } from '../encode/change-record.ts';
import type { DeadLetterLimits } from '../encode/dead-letter.ts';
import type { RecordEncoder } from '../encode/encoder.ts';
import { type BuiltRecord, buildRecord, type ReadPosition, rowDeadLetter } from './records.ts';
import type { Row } from './row.ts';

export type Topics = { records: string; deadLetter: string };

/** One Kafka message and its topic; `deadLetter` says why, for a message to the dead-letter topic. */
export type Outgoing = { topic: string; message: Message; deadLetter?: DeadLetterCategory };

/** A record batch's and a record's own bytes around key, value and headers (Kafka's v2 format, generous). */
export const recordOverheadBytes = 128;

/** The bytes a message takes in a record batch, counted the way a broker's size limit counts them. */
export function messageBytes(message: Message): number {
  let bytes = recordOverheadBytes + (message.value?.length ?? 0);
  if (message.key)
    bytes += typeof message.key === 'string' ? Buffer.byteLength(message.key) : message.key.length;
  for (const [name, value] of Object.entries(message.headers ?? {}))
    bytes += Buffer.byteLength(name) + (typeof value === 'string' ? Buffer.byteLength(value) : 16);
  return bytes;
}

/**
 * The Kafka messages for one built record: keyed by row id; a delete is its delete event then a
 * tombstone (so compaction can drop the key); a dead letter goes to the dead-letter topic.
 */
export function toMessages(
  built: BuiltRecord,
  schemaName: string,
  topics: Topics,
  encode: RecordEncoder,
): Outgoing[] {
  if (built.kind === 'dead-letter') {
    return [
      {
        topic: topics.deadLetter,
        message: { key: built.key, value: encode('deadletter', built.deadLetter) },
        deadLetter: built.deadLetter.category ?? 'invalid-profile',
      },
    ];
  }
  const value = encode(schemaName, built.record);
  const headers = { op: built.record.op };
  const event: Outgoing = { topic: topics.records, message: { key: built.key, value, headers } };
  if (built.record.op !== 'd') return [event];
  return [event, { topic: topics.records, message: { key: built.key, value: null, headers } }];
}

/** How a connector's rows become messages: encoding, topics and the size limits of both. */
export type RowEncoding = {
  encode: RecordEncoder;
  topics: Topics;
  /** Largest message of the record topic and of the dead-letter topic. */
  maxBytes: { records: number; deadLetter: number };
  letters: DeadLetterLimits;
  /** A profile text larger than this is dead-lettered unread. */
  maxProfileBytes: number;
  /** The registry's schema ids `encode` writes (null: single-object encoding), for a build worker's own encoder. */
  schemaIds?: ReadonlyMap<string, number> | null;
};

/**
 * The messages of one row: its record's, or its dead letter's. A record whose message would exceed its
 * topic's limit never reaches the producer (the broker would refuse it, and the retries would hold back
 * everything behind it): the row is dead-lettered as too large, with its size and hash. Pure.
 */
export function rowMessages(
  connector: TableConnector,
  op: Op,
  row: Row,
  at: ReadPosition,
  encoding: RowEncoding,
): { built: BuiltRecord; messages: Outgoing[] } {
  const { encode, topics, maxBytes, letters } = encoding;
  let built: BuiltRecord;
  let messages: Outgoing[];
  try {
    built = buildRecord(connector, op, row, at, letters, encoding.maxProfileBytes);
    messages = toMessages(built, connector.kind, topics, encode);
  } catch (err) {
    // A row the record builder or the encoder was not made for must cost that row, not the connector.
    const reason = `the record could not be built: ${(err as Error).message}`;
    const letter = rowDeadLetter(connector, op, row, at, 'invalid-profile', reason, letters);
    return { built: letter, messages: toMessages(letter, connector.kind, topics, encode) };
  }
  const tooLarge = messages.find(
    (m) => messageBytes(m.message) > (m.topic === topics.deadLetter ? maxBytes.deadLetter : maxBytes.records),
  );
  if (!tooLarge) return { built, messages };
  const size = messageBytes(tooLarge.message);
  const limit = tooLarge.topic === topics.deadLetter ? maxBytes.deadLetter : maxBytes.records;
  const reason = `the record takes ${size} bytes, more than the ${limit} that topic ${tooLarge.topic} takes`;
  const letter = rowDeadLetter(connector, op, row, at, 'too-large', reason, letters);
  return { built: letter, messages: toMessages(letter, connector.kind, topics, encode) };
}
