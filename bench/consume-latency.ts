/**
 * Child process of the source benchmark: reads a topic from its current end and, for every record,
 * takes its source.commitTime from the broker's append time (the topic uses LogAppendTime) and from the
 * moment this consumer received it. A process of its own, so consuming costs the measured source nothing.
 *
 * Run by bench/source.ts; argv[2] is the JSON of ConsumerOptions. Told `{ expect: n }`, it reports its
 * figures once it holds n records.
 */
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import type { ChangeRecord } from '../src/encode/change-record.ts';
import { Decoder } from '../src/encode/decoder.ts';
import { loadSchemas } from '../src/kinds/schemas.ts';
import { type ConsumerMessage, type ConsumerOptions, commitMillis } from './support.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ConsumerOptions;
const send = (m: ConsumerMessage) => process.send?.(m);

type Sample = { appendedAt: number; receivedAt: number; value: Buffer };
const samples: Sample[] = [];
let expected = Number.POSITIVE_INFINITY;

const kafka = new Kafka({
  clientId: 'profile-cdc-bench-latency',
  brokers: options.brokers,
  logLevel: logLevel.WARN,
});
const admin = kafka.admin();
await admin.connect();
const ends = await admin.fetchTopicOffsets(options.topic);
await admin.disconnect();

const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100 });
await consumer.connect();
let fetched = false;
consumer.on(consumer.events.FETCH, () => {
  if (!fetched) send({ type: 'ready' });
  fetched = true;
});
await consumer.subscribe({ topic: options.topic, fromBeginning: false });

const decoder = new Decoder({ schemas: [...loadSchemas().values()].map((s) => s.type) });
async function finish(): Promise<void> {
  const commits: number[] = [];
  const appended: number[] = [];
  const received: number[] = [];
  let ahead = 0;
  for (const s of samples) {
    const record = (await decoder.decode(s.value)).value as ChangeRecord<unknown>;
    const commit = commitMillis(record.source.commitTime);
    if (!commit) continue;
    if (commit.ahead) ahead += 1;
    commits.push(commit.ms);
    appended.push(s.appendedAt - commit.ms);
    received.push(s.receivedAt - commit.ms);
  }
  // Sent before disconnecting, and waited for: a large message still queued would be lost on exit.
  await new Promise<void>((resolve, reject) =>
    process.send?.({ type: 'result', commits, appended, received, ahead } satisfies ConsumerMessage, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  await consumer.disconnect();
  process.disconnect?.();
}

let finishing = false;
const maybeFinish = () => {
  if (!finishing && samples.length >= expected) {
    finishing = true;
    // Not from inside eachBatch: kafkajs waits for the batch handler before it disconnects.
    setImmediate(() => {
      finish().catch((err: unknown) => {
        process.stderr.write(`latency consumer: ${(err as Error).stack}\n`);
        process.exit(1);
      });
    });
  }
};
process.on('message', (m: { expect: number }) => {
  expected = m.expect;
  maybeFinish();
});

await consumer.run({
  eachBatch: async ({ batch }) => {
    const receivedAt = Date.now();
    // Decoding waits until the end: only the receipt time matters while records flow.
    for (const m of batch.messages as KafkaMessage[])
      if (m.value) samples.push({ appendedAt: Number(m.timestamp), receivedAt, value: m.value });
    send({ type: 'progress', received: samples.length });
    maybeFinish();
  },
});
for (const { partition, high } of ends) consumer.seek({ topic: options.topic, partition, offset: high });
