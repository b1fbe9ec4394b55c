import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeCount, splitRanges } from './ranges.ts';

test('a small table is one range; a large one has work for every reader, capped', () => {
  assert.equal(rangeCount(500, 1000, 4), 1);
  assert.equal(rangeCount(5000, 1000, 4), 16);
  assert.equal(rangeCount(50_000, 1000, 2), 50);
  assert.equal(rangeCount(300_000_000, 1000, 2), 512);
});

test('ranges cut at sample quantiles cover the key space once, without empty duplicates', () => {
  const sample = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  assert.deepEqual(splitRanges(sample, 4), [
    { lo: null, hi: 'c' },
    { lo: 'c', hi: 'e' },
    { lo: 'e', hi: 'g' },
    { lo: 'g', hi: null },
  ]);
  assert.deepEqual(splitRanges(['x', 'x', 'x', 'x'], 4), [
    { lo: null, hi: 'x' },
    { lo: 'x', hi: null },
  ]);
  assert.deepEqual(splitRanges([], 3), [{ lo: null, hi: null }]);
  assert.deepEqual(splitRanges(sample, 1), [{ lo: null, hi: null }]);
});
