import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkWindows } from './windows.ts';

test('keys changed between a low and a high watermark are the ones the chunk must not publish', () => {
  const w = new ChunkWindows();
  w.expect('a');
  w.changed('before-low');
  w.low('a');
  w.changed('k1');
  w.expect('b');
  w.low('b');
  w.changed('k2');
  assert.deepEqual([...(w.high('a') ?? [])], ['k1', 'k2']);
  w.changed('k3');
  assert.deepEqual([...(w.high('b') ?? [])], ['k2', 'k3']);
  assert.equal(w.size, 0);
});

test("a window whose low watermark this stream never saw, or nobody's, closes as null", () => {
  const w = new ChunkWindows();
  w.expect('a');
  assert.equal(w.high('a'), null);
  w.low('unknown');
  assert.equal(w.high('unknown'), null);
});
