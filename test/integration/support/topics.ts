import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { Decoder } from '../../../src/encode/decoder.ts';
import { loadSchemas } from '../../../src/kinds/schemas.ts';
import { waitFor } from '../../../src/util/wait.ts';
import { kafka } from './stack.ts';

export type Received = {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
};

/** Reads a topic from the start with a throwaway group until `done(messages)` holds or the deadline passes. */
export async function readTopic(
  topic: string,
  done: (messages: Received[]) => boolean,
  timeoutMs = 60_000,
): Promise<Received[]> {
  const groupId = `it-reader-${randomUUID()}`;
  const consumer = kafka().consumer({ groupId });
  const messages: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        messages.push({ key: message.key?.toString() ?? null, value: message.value, headers, partition });
      },
    });
    await waitFor(() => done(messages), {
      timeoutMs,
      what: () => `messages on ${topic} (have ${messages.length})`,
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

const decoder = new Decoder({ schemas: [...loadSchemas().values()].map((s) => s.type) });

/** Decodes a single-object (or Confluent) Avro value into the plain record. */
export async function decodeValue<T>(value: Buffer): Promise<T> {
  return (await decoder.decode(value)).value as T;
}
