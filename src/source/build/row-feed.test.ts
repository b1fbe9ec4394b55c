import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConnectors } from '../../connectors/load.ts';
import { createEncoder } from '../../encode/encoder.ts';
import { readSample, sampleNames } from '../../kinds/fixtures/samples.ts';
import { loadSchemas } from '../../kinds/schemas.ts';
import { type Outgoing, type RowEncoding, rowMessages } from '../messages.ts';
import type { Publisher } from '../publisher.ts';
import type { ReadPosition } from '../records.ts';
import type { Row } from '../row.ts';
import { BuildPool } from './pool.ts';
import type { BuildItem, BuiltRow } from './protocol.ts';
import { RowFeed } from './row-feed.ts';

const at: ReadPosition = { lsn: '0/16B3748', txId: 771, commitTime: Date.UTC(2026, 2, 16) };
const connectors = loadConnectors();
const encoding: RowEncoding = {
  encode: await createEncoder(loadSchemas()),
  topics: { records: 'records', deadLetter: 'dead-letter' },
  maxBytes: { records: 1_048_576, deadLetter: 1_048_576 },
  letters: { rawBytes: 4096, reasonChars: 2000 },
  maxProfileBytes: 262_144,
};
const { encode: _encode, ...workerEncoding } = encoding;
const rowOf = (name: string, id: string, profile?: string): Row => {
  const sample = readSample(name as (typeof sampleNames)[number]);
  return { ...sample.row, id, profile: profile ?? sample.text, cr_dtimes: '2026-03-15 11:02:09.104' };
};

/** A publisher that keeps what it is given, in order. */
function collector() {
  const added: { seq: number; out: Outgoing[] }[] = [];
  const publisher = {
    add: (seq: number, out: Outgoing[]) => added.push({ seq, out }),
    backlog: () => 0,
    flush: async () => undefined,
    onPressure: (_: boolean) => undefined,
  };
  return { added, publisher: publisher as unknown as Publisher };
}

describe('build workers', () => {
  const pool = new BuildPool(2, {
    connectors,
    encodings: connectors.map((c) => [c.name, workerEncoding]),
    schemaIds: null,
  });
  after(() => pool.close());

  it('build the same messages, byte for byte, as the replication thread, dead letters included', async () => {
    for (const name of sampleNames) {
      const connector = connectors.find((c) => c.name === name);
      assert.ok(connector);
      const items: BuildItem[] = [
        { op: 'c', row: rowOf(name, 'a'), at },
        { op: 'd', row: { id: 'b' }, at },
        { op: 'c', row: rowOf(name, 'c', 'not json'), at },
      ];
      const built = await pool.build(name, items);
      const here = items.map((i) => rowMessages(connector, i.op, i.row, i.at, encoding).messages);
      assert.equal(built.length, 3);
      // The records byte for byte; the dead letter's bytes hold the time it was made, so: topic and category.
      for (const i of [0, 1])
        assert.deepEqual(
          built[i]?.messages.map((m) => ({
            ...m,
            message: { ...m.message, value: m.message.value ?? null },
          })),
          here[i]?.map((m) => ({ ...m, message: { ...m.message, value: m.message.value ?? null } })),
          `${name} row ${i}`,
        );
      assert.deepEqual(
        built[2]?.messages.map((m) => [m.topic, m.deadLetter, m.message.key]),
        here[2]?.map((m) => [m.topic, m.deadLetter, m.message.key]),
      );
      assert.equal(built[1]?.messages.length, 2, 'a delete is its event and a tombstone');
      assert.match(built[2]?.letter?.reason ?? '', /not valid JSON/);
    }
  });
});

describe('RowFeed', () => {
  const connector = connectors[0];
  assert.ok(connector);
  const items = (n: number) => Array.from({ length: n }, (_, i) => rowOf(connector.name, `r${i}`));

  /** A pool whose batches finish in the reverse order they were sent. */
  function reversingPool() {
    const waiting: { items: BuildItem[]; resolve(rows: BuiltRow[]): void }[] = [];
    const pool = {
      build: (_: string, batch: BuildItem[]) =>
        new Promise<BuiltRow[]>((resolve) => waiting.push({ items: batch, resolve })),
      finishAll: () => {
        for (const w of waiting.splice(0).reverse())
          w.resolve(
            w.items.map((i) => ({ messages: [{ topic: String(i.row.id), message: { value: null } }] })),
          );
      },
    };
    return pool;
  }

  it('publishes rows in the order they were read, whatever order their batches are built in', async () => {
    const { added, publisher } = collector();
    const pool = reversingPool();
    const feed = new RowFeed({
      connector,
      publisher,
      pool: pool as unknown as BuildPool,
      buildHere: () => assert.fail('built here'),
      letter: () => undefined,
      maxPending: 10_000,
    });
    items(700).forEach((row, i) => {
      feed.add(i + 1, 'c', row, at);
    });
    const flushed = feed.flush();
    assert.equal(added.length, 0, 'nothing published before it is built');
    pool.finishAll();
    await flushed;
    assert.deepEqual(
      added.map((a) => a.seq),
      Array.from({ length: 700 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      added.map((a) => a.out[0]?.topic),
      Array.from({ length: 700 }, (_, i) => `r${i}`),
    );
  });

  it('pauses the reader while too many rows wait to be built, and builds here what a failed worker had', async () => {
    const { added, publisher } = collector();
    const pressure: boolean[] = [];
    let fail: (err: Error) => void = () => undefined;
    const feed = new RowFeed({
      connector,
      publisher,
      pool: {
        build: () =>
          new Promise<BuiltRow[]>((_, reject) => {
            fail = reject;
          }),
      } as unknown as BuildPool,
      buildHere: (op, row, a) => rowMessages(connector, op, row, a, encoding).messages,
      letter: () => undefined,
      maxPending: 100,
    });
    feed.onPressure = (paused) => pressure.push(paused);
    items(100).forEach((row, i) => {
      feed.add(i + 1, 'c', row, at);
    });
    assert.deepEqual(pressure, [true]);
    assert.equal(feed.backlog(), 100);
    const flushed = feed.flush();
    fail(new Error('worker died'));
    await flushed;
    assert.equal(added.length, 100);
    assert.deepEqual(pressure, [true, false]);
    assert.equal(added[0]?.out[0]?.topic, 'records');
  });

  it('without a pool, builds each row at once, on this thread', () => {
    const { added, publisher } = collector();
    const feed = new RowFeed({
      connector,
      publisher,
      pool: undefined,
      buildHere: (op, row, a) => rowMessages(connector, op, row, a, encoding).messages,
      letter: () => undefined,
      maxPending: 100,
    });
    feed.add(1, 'c', rowOf(connector.name, 'x'), at);
    assert.equal(added.length, 1);
  });
});
