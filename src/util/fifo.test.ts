import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fifo } from './fifo.ts';

test('items come out in the order they went in, across compactions', () => {
  const q = new Fifo<number>();
  let next = 0;
  const out: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 300; i++) q.push(next++);
    for (let i = 0; i < 250; i++) out.push(q.shift() as number);
  }
  assert.equal(q.length, 50 * 50);
  while (q.length > 0) out.push(q.shift() as number);
  assert.deepEqual(
    out,
    Array.from({ length: next }, (_, i) => i),
  );
  assert.equal(q.shift(), undefined);
  assert.equal(q.peek(), undefined);
});
