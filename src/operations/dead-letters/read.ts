import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DeadLetter } from '../../encode/change-record.ts';
import { Decoder } from '../../encode/decoder.ts';
import type { SchemaRegistry } from '../../encode/registry.ts';
import { loadSchemas } from '../../kinds/schemas.ts';
import { waitFor } from '../../util/wait.ts';

/**
 * Every letter in the dead-letter topic, from its start to its end as it was when the read began, through a
 * consumer group of its own that is deleted afterwards (no offsets of anyone else's move).
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  registry?: SchemaRegistry,
): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `profile-cdc-dead-letters-${randomUUID()}`;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
    const letters: DeadLetter[] = [];
    if (remaining.size === 0) return letters;
    const decoder = new Decoder({
      schemas: [...loadSchemas().values()].map((s) => s.type),
      ...(registry ? { registry } : {}),
    });
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (message.value) letters.push((await decoder.decode(message.value)).value as DeadLetter);
          if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
        },
      });
      await waitFor(() => remaining.size === 0, { timeoutMs: 120_000, what: `the end of ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    return letters;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export type LetterFilter = { connectors?: readonly string[]; reason?: string; since?: Date };

/** Letters of the given connectors, whose category or reason contains `reason`, rejected since `since`. */
export function filterLetters(letters: readonly DeadLetter[], filter: LetterFilter): DeadLetter[] {
  const reason = filter.reason?.toLowerCase();
  return letters.filter(
    (l) =>
      (!filter.connectors || filter.connectors.includes(l.source.connector)) &&
      (!reason || (l.category ?? '').toLowerCase() === reason || l.reason.toLowerCase().includes(reason)) &&
      (!filter.since || Date.parse(l.time) >= filter.since.getTime()),
  );
}

export type LetterGroup = { connector: string; category: string; count: number; samples: DeadLetter[] };

/** Letters counted by connector and category, with the first `samples` of each group. */
export function groupLetters(letters: readonly DeadLetter[], samples = 3): LetterGroup[] {
  const groups = new Map<string, LetterGroup>();
  for (const l of letters) {
    const category = l.category ?? 'uncategorised';
    const key = `${l.source.connector}\u0000${category}`;
    let group = groups.get(key);
    if (!group) {
      group = { connector: l.source.connector, category, count: 0, samples: [] };
      groups.set(key, group);
    }
    group.count += 1;
    if (group.samples.length < samples) group.samples.push(l);
  }
  return [...groups.values()].sort((a, b) => a.connector.localeCompare(b.connector) || b.count - a.count);
}
