import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { defaultPartitioner, murmur2 } from './partitioner.ts';

const partitionMetadata = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({
    partitionErrorCode: 0,
    partitionId: i,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

test("murmur2 agrees with the Java client's published values", () => {
  // Kafka's UtilsTest.testMurmur2 (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
  const cases: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  for (const [key, hash] of cases) assert.equal(murmur2(Buffer.from(key)), hash, key);
});

test("every key lands on the partition kafkajs' DefaultPartitioner gives it", () => {
  const ours = defaultPartitioner();
  const theirs = Partitioners.DefaultPartitioner();
  const keys: (string | Buffer)[] = [
    '',
    'a',
    'ab',
    'abc',
    'é-ü-日本',
    '\u{1f600}'.repeat(70),
    'x'.repeat(300),
  ];
  for (let i = 0; i < 3000; i++) {
    keys.push(crypto.randomUUID(), `10001100010002${i}`, randomBytes(i % 37));
  }
  for (const partitions of [1, 3, 7, 12]) {
    const meta = partitionMetadata(partitions);
    for (const key of keys) {
      const args = { topic: 't', partitionMetadata: meta, message: { key, value: null } };
      assert.equal(ours(args), theirs(args), `${String(key)} on ${partitions} partitions`);
    }
  }
});

test('an explicit partition wins; a message without a key goes round robin over partitions with a leader', () => {
  const choose = defaultPartitioner();
  const meta = partitionMetadata(4).map((p) => (p.partitionId === 2 ? { ...p, leader: -1 } : p));
  assert.equal(
    choose({ topic: 't', partitionMetadata: meta, message: { key: 'k', value: null, partition: 2 } }),
    2,
  );
  const seen = new Set<number>();
  for (let i = 0; i < 30; i++)
    seen.add(choose({ topic: 't', partitionMetadata: meta, message: { value: null } }));
  assert.deepEqual([...seen].sort(), [0, 1, 3]);
});
