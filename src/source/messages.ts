import type { RecordEncoder } from '../encode/encoder.ts';
import type { Outgoing } from './publisher.ts';
import type { BuiltRecord } from './records.ts';

export type Topics = { records: string; deadLetter: string };

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
      },
    ];
  }
  const value = encode(schemaName, built.record);
  const headers = { op: built.record.op };
  const event: Outgoing = { topic: topics.records, message: { key: built.key, value, headers } };
  if (built.record.op !== 'd') return [event];
  return [event, { topic: topics.records, message: { key: built.key, value: null, headers } }];
}
