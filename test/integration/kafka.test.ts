import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Partitioners } from 'kafkajs';
import { waitFor } from '../../src/util/wait.ts';
import { kafka, requireStack, uniqueName } from './support/stack.ts';

const topic = uniqueName('it-kafka');
const groupId = uniqueName('it-group');
const admin = kafka().admin();

before(async () => {
  await requireStack();
  await admin.connect();
});
after(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

test('a 3-partition topic is produced to and consumed by a group that commits its offsets', async () => {
  assert.equal(
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }),
    true,
  );
  const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  assert.equal(meta?.partitions.length, 3);

  const producer = kafka().producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const messages = Array.from({ length: 60 }, (_, i) => ({ key: `row-${i}`, value: JSON.stringify({ i }) }));
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();

  const consumer = kafka().consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received = new Map<string, number>();
  const partitions = new Set<number>();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      received.set(String(message.key), JSON.parse(String(message.value)).i);
      partitions.add(partition);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  await waitFor(() => received.size === 60, { timeoutMs: 30_000, what: '60 messages consumed' });
  await consumer.disconnect();

  assert.equal(partitions.size, 3, 'keys spread over the three partitions');
  assert.equal(received.get('row-42'), 42);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const total = committed?.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  assert.equal(total, 60, 'committed offsets add up to every message');
});
