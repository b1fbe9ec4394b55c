import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utcTimestamp } from './pg-types.ts';

test('timestamps without zone are UTC; with a zone they keep it', () => {
  assert.equal(utcTimestamp('2026-03-14 09:21:44.512'), Date.UTC(2026, 2, 14, 9, 21, 44, 512));
  assert.equal(utcTimestamp('2026-03-14 09:21:44'), Date.UTC(2026, 2, 14, 9, 21, 44));
  assert.equal(utcTimestamp('2026-03-14 11:21:44.512+02'), Date.UTC(2026, 2, 14, 9, 21, 44, 512));
  assert.throws(() => utcTimestamp('yesterday'), /not a timestamp/);
});
