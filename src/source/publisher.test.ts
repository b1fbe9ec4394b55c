import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Producer, TopicMessages } from 'kafkajs';
import kafkajs from 'kafkajs';
import { FatalError } from '../util/fatal.ts';
import { waitFor } from '../util/wait.ts';
import type { Outgoing } from './messages.ts';
import { Publisher } from './publisher.ts';

type SendBatch = Producer['sendBatch'];
const { KafkaJSProtocolError } = kafkajs;
const refusal = (type: string) =>
  new KafkaJSProtocolError({ message: type, type, code: 10, retriable: false } as never);
const quick = { initialMs: 1, maxMs: 1, jitter: false };
const out = (key: string, topic = 't'): Outgoing[] => [{ topic, message: { key, value: Buffer.from(key) } }];

/** A stand-in for the producer's sendBatch: records what each request carried; fails while `failing`. */
function recordingProducer() {
  const requests: TopicMessages[][] = [];
  const state = { failing: 0 };
  const sendBatch = (async ({ topicMessages }) => {
    if (state.failing > 0) {
      state.failing -= 1;
      throw new Error('broker unreachable');
    }
    requests.push(topicMessages ?? []);
    return [];
  }) as SendBatch;
  const keys = () => requests.flatMap((r) => r.flatMap((t) => t.messages.map((m) => String(m.key))));
  return { producer: { sendBatch }, requests, state, keys };
}

function publisher(
  producer: { sendBatch: SendBatch },
  options: Partial<ConstructorParameters<typeof Publisher>[1]> = {},
) {
  const published: number[] = [];
  const retries: string[] = [];
  const p = new Publisher(
    producer,
    { batchSize: 3, maxRequestBytes: 1_000_000, lingerMs: 0, maxBuffered: 1000, retry: quick, ...options },
    {
      published: (seq) => published.push(seq),
      retry: (err) => retries.push(err.message),
      refused: (out) => [...out],
    },
  );
  return { p, published, retries };
}

describe('Publisher', () => {
  it('sends in the order added, in batches of at most batchSize, and reports each batch once acknowledged', async () => {
    const kafka = recordingProducer();
    const { p, published } = publisher(kafka.producer);
    for (let seq = 1; seq <= 7; seq++) p.add(seq, out(`k${seq}`));
    await p.flush();
    assert.deepEqual(kafka.keys(), ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
    assert.ok(kafka.requests.every((r) => r.reduce((n, t) => n + t.messages.length, 0) <= 3));
    assert.equal(published.at(-1), 7);
    assert.deepEqual(
      published,
      [...published].sort((a, b) => a - b),
      'acknowledged in order',
    );
  });

  it('groups one request by topic: a record and its dead letter travel together', async () => {
    const kafka = recordingProducer();
    const { p } = publisher(kafka.producer, { batchSize: 10, lingerMs: 20 });
    p.add(1, [...out('a', 'records'), ...out('a', 'dead')]);
    p.add(2, out('b', 'records'));
    await p.flush();
    assert.deepEqual(
      kafka.requests[0]?.map((t) => [t.topic, t.messages.map((m) => String(m.key))]),
      [
        ['records', ['a', 'b']],
        ['dead', ['a']],
      ],
    );
  });

  it('a failed request is sent again, whole and in order, and counted; nothing is acknowledged before', async () => {
    const kafka = recordingProducer();
    kafka.state.failing = 2;
    const { p, published, retries } = publisher(kafka.producer);
    for (let seq = 1; seq <= 4; seq++) p.add(seq, out(`k${seq}`));
    await p.flush();
    assert.deepEqual(retries, ['broker unreachable', 'broker unreachable']);
    assert.deepEqual(kafka.keys(), ['k1', 'k2', 'k3', 'k4']);
    assert.equal(published.at(-1), 4);
  });

  it('asks the reader to pause above maxBuffered and to resume once half of it is sent', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sendBatch = (async () => {
      await gate;
      return [];
    }) as SendBatch;
    const { p } = publisher({ sendBatch }, { batchSize: 2, maxBuffered: 4 });
    const pressure: boolean[] = [];
    p.onPressure = (paused) => pressure.push(paused);
    for (let seq = 1; seq <= 6; seq++) p.add(seq, out(`k${seq}`));
    assert.deepEqual(pressure, [true]);
    release();
    await waitFor(() => pressure.length === 2, { timeoutMs: 5000, what: 'resume' });
    assert.deepEqual(pressure, [true, false]);
    await p.flush();
    assert.equal(p.backlog(), 0);
  });

  it('keeps a request under maxRequestBytes, so no record batch can exceed a topic limit', async () => {
    const kafka = recordingProducer();
    const big = (key: string): Outgoing[] => [{ topic: 't', message: { key, value: Buffer.alloc(400) } }];
    const { p } = publisher(kafka.producer, { batchSize: 100, maxRequestBytes: 1200, lingerMs: 20 });
    for (let seq = 1; seq <= 5; seq++) p.add(seq, big(`k${seq}`));
    await p.flush();
    assert.deepEqual(
      kafka.requests.map((r) => r.flatMap((t) => t.messages.map((m) => String(m.key)))),
      [['k1', 'k2'], ['k3', 'k4'], ['k5']],
    );
  });

  it('a record Kafka refuses for good is isolated and replaced by its dead letter; the rest go on, in order', async () => {
    const sent: string[] = [];
    const sendBatch = (async ({ topicMessages }) => {
      const keys = (topicMessages ?? []).flatMap((t) => t.messages.map((m) => String(m.key)));
      if (keys.includes('poison')) throw refusal('MESSAGE_TOO_LARGE');
      sent.push(...keys);
      return [];
    }) as SendBatch;
    const refused: string[] = [];
    const p = new Publisher(
      { sendBatch },
      { batchSize: 10, maxRequestBytes: 1_000_000, lingerMs: 20, maxBuffered: 1000, retry: quick },
      {
        published: () => undefined,
        retry: () => assert.fail('a permanent refusal is not retried as it is'),
        refused: (out, _at, reason) => {
          refused.push(reason);
          return out.map((o) => ({
            ...o,
            message: { ...o.message, key: `letter-of-${String(o.message.key)}` },
          }));
        },
      },
    );
    for (const [i, key] of ['a', 'b', 'poison', 'c', 'd'].entries()) p.add(i + 1, out(key));
    await p.flush();
    assert.deepEqual(sent, ['a', 'b', 'letter-of-poison', 'c', 'd']);
    assert.equal(refused.length, 1);
    assert.match(refused[0] ?? '', /MESSAGE_TOO_LARGE/);
  });

  it('a failure no retry can mend stops the publisher: flush rejects, onFailure is told once', async () => {
    const sendBatch = (async () => {
      throw refusal('CLUSTER_AUTHORIZATION_FAILED');
    }) as SendBatch;
    const { p } = publisher({ sendBatch });
    const failures: Error[] = [];
    p.onFailure = (err) => failures.push(err);
    p.add(1, out('k1'));
    await assert.rejects(p.flush(), FatalError);
    assert.equal(failures.length, 1);
    assert.match(failures[0]?.message ?? '', /CLUSTER_AUTHORIZATION_FAILED/);
  });
});
