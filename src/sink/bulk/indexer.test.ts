import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BulkAction } from './action.ts';
import { BulkIndexer, type BulkOptions } from './indexer.ts';

const options: BulkOptions = {
  maxDocs: 3,
  maxBytes: 1_000_000,
  lingerMs: 5,
  concurrency: 2,
  retryMs: 1,
  maxRetryMs: 5,
};
const action = (id: string): BulkAction => ({ index: 'i', id, op: 'index', body: { id } });
const ids = (body: string) =>
  body
    .trim()
    .split('\n')
    .filter((_, i) => i % 2 === 0)
    .map((l) => (JSON.parse(l) as { index: { _id: string } }).index._id);

test('batches are bounded by count, and a partial batch goes out after the linger time', async () => {
  const requests: string[][] = [];
  const indexer = new BulkIndexer(
    async (body) => {
      requests.push(ids(body));
      return ids(body).map(() => ({ status: 201 }));
    },
    options,
    { request: () => undefined, retry: () => undefined },
  );
  const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => indexer.submit(action(id))));
  assert.ok(outcomes.every((o) => o.ok));
  assert.deepEqual(requests, [
    ['a', 'b', 'c'],
    ['d', 'e'],
  ]);
});

test('batches are bounded by bytes', async () => {
  const requests: string[][] = [];
  const indexer = new BulkIndexer(
    async (body) => {
      requests.push(ids(body));
      return ids(body).map(() => ({ status: 200 }));
    },
    { ...options, maxDocs: 100, maxBytes: 120 },
    { request: () => undefined, retry: () => undefined },
  );
  await Promise.all(['a', 'b', 'c'].map((id) => indexer.submit(action(id))));
  assert.ok(requests.length >= 2, `bytes split the batch: ${JSON.stringify(requests)}`);
  assert.deepEqual(requests.flat(), ['a', 'b', 'c']);
});

test('429s and failed requests are retried until accepted; permanent refusals settle with the reason', async () => {
  let calls = 0;
  const retries: number[] = [];
  const indexer = new BulkIndexer(
    async (body) => {
      calls += 1;
      if (calls === 1) throw new Error('connect ECONNREFUSED');
      return ids(body).map((id) => {
        if (id === 'busy' && calls < 4)
          return { status: 429, error: { type: 'es_rejected_execution_exception' } };
        if (id === 'bad')
          return { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse' } };
        return { status: 201 };
      });
    },
    options,
    { request: () => undefined, retry: (status) => retries.push(status) },
  );
  const [ok, busy, bad] = await Promise.all(['ok', 'busy', 'bad'].map((id) => indexer.submit(action(id))));
  assert.deepEqual(ok, { ok: true });
  assert.deepEqual(busy, { ok: true });
  assert.deepEqual(bad, { ok: false, status: 400, reason: 'mapper_parsing_exception: failed to parse' });
  assert.deepEqual(retries, [0, 429, 429], 'the outage, then the busy item twice');
  assert.equal(calls, 4);
});

test('no more requests in flight than the concurrency allows', async () => {
  let inFlight = 0;
  let most = 0;
  const indexer = new BulkIndexer(
    async (body) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      return ids(body).map(() => ({ status: 201 }));
    },
    { ...options, maxDocs: 1 },
    { request: () => undefined, retry: () => undefined },
  );
  await Promise.all(Array.from({ length: 10 }, (_, i) => indexer.submit(action(`d${i}`))));
  assert.equal(most, 2);
});
