import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { z } from 'zod';
import { isPermanent, kafkaFailureText } from '../kafka/errors.ts';
import { stateReaderGroupPrefix, untilSettled } from '../kafka/topics.ts';
import { FatalError } from '../util/fatal.ts';
import { waitFor } from '../util/wait.ts';

/**
 * What survives a restart besides the slot itself: the slot this state is for and how its initial snapshot
 * was taken (done: read in the slot's exported snapshot; online: by snapshot jobs beside the stream, whose
 * progress is kept under `<connector>/snapshots`; skipped: snapshot never; pending: the slot is being set
 * up, and is set up again after a restart).
 */
export const sourceStateSchema = z.object({
  connector: z.string(),
  slot: z.string(),
  snapshot: z.enum(['done', 'skipped', 'online', 'pending']),
  /** The slot's start position the snapshot was read at. */
  consistentPoint: z.string(),
  at: z.string(),
});
export type SourceState = z.infer<typeof sourceStateSchema>;

/**
 * Source state in a compacted Kafka topic (key = connector, or connector/part), so the source needs no disk
 * and no write access to the MOSIP databases.
 */
export class KafkaStateStore {
  constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  async save(key: string, value: object): Promise<void> {
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [{ key, value: JSON.stringify(value) }],
      });
    } catch (err) {
      // Not authorised (a missing ACL), or refused for good: no retry will save it.
      if (isPermanent(err))
        throw new FatalError(`Kafka refused the source state on ${this.topic}: ${kafkaFailureText(err)}`, {
          cause: err,
        });
      throw err;
    }
  }

  /** The latest value of every key (parsed JSON), read from the start of the topic up to its end. */
  load(): Promise<Map<string, unknown>> {
    return loadStates(this.kafka, this.topic);
  }

  /** Forgets what was saved under these keys (tombstones: compaction removes them). */
  async forget(keys: readonly string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(this.topic)) return;
    } finally {
      await admin.disconnect();
    }
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: keys.map((key) => ({ key, value: null })),
    });
  }
}

/** The saved state of `connector` (undefined when none, or unreadable: the slot is then set up again). */
export function savedSourceState(
  saved: ReadonlyMap<string, unknown>,
  connector: string,
): SourceState | undefined {
  const parsed = sourceStateSchema.safeParse(saved.get(connector));
  return parsed.success ? parsed.data : undefined;
}

/** The latest value of every key (parsed JSON) of the state topic, read from its start up to its end. */
export async function loadStates(kafka: Kafka, topic: string): Promise<Map<string, unknown>> {
  const states = new Map<string, unknown>();
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Right after the topic is created its partitions may have no leader yet.
    const ends = await untilSettled(() => admin.fetchTopicOffsets(topic));
    const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
    if (remaining.size === 0) return states;
    const groupId = `${stateReaderGroupPrefix}${randomUUID()}`;
    // A short long-poll: disconnecting waits for the fetch in flight, 5 s by default.
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const key = message.key?.toString();
          if (key) {
            if (message.value === null) states.delete(key);
            else states.set(key, JSON.parse(message.value.toString()));
          }
          if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
        },
      });
      await waitFor(() => remaining.size === 0, { timeoutMs: 60_000, what: `the end of ${topic}` });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return states;
  } finally {
    await admin.disconnect();
  }
}
