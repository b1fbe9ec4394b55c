import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { z } from 'zod';
import { waitFor } from '../util/wait.ts';

/** What survives a restart besides the slot itself: whether the initial snapshot finished. */
const sourceStateSchema = z.object({
  connector: z.string(),
  slot: z.string(),
  snapshot: z.enum(['done', 'skipped']),
  /** The slot's start position the snapshot was read at. */
  consistentPoint: z.string(),
  at: z.string(),
});
export type SourceState = z.infer<typeof sourceStateSchema>;

/**
 * Source state in a compacted Kafka topic (key = connector), so the source needs no disk and no write
 * access to the MOSIP databases.
 */
export class KafkaStateStore {
  constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  async save(state: SourceState): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: state.connector, value: JSON.stringify(state) }],
    });
  }

  /** The latest state of every connector, read from the start of the topic up to its end. */
  async load(): Promise<Map<string, SourceState>> {
    const states = new Map<string, SourceState>();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.topic);
      const remaining = new Map(
        ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]),
      );
      if (remaining.size === 0) return states;
      const groupId = `profile-cdc-state-reader-${randomUUID()}`;
      // A short long-poll: disconnecting waits for the fetch in flight, 5 s by default.
      const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: this.topic, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const key = message.key?.toString();
            if (key) {
              if (message.value === null) states.delete(key);
              else states.set(key, sourceStateSchema.parse(JSON.parse(message.value.toString())));
            }
            if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
          },
        });
        await waitFor(() => remaining.size === 0, { timeoutMs: 60_000, what: `the end of ${this.topic}` });
      } finally {
        await consumer.disconnect();
        await admin.deleteGroups([groupId]).catch(() => undefined);
      }
      return states;
    } finally {
      await admin.disconnect();
    }
  }
}
