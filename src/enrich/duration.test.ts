import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processingSeconds } from './duration.ts';

describe('processing seconds', () => {
  it('end - start with milliseconds', () => {
    assert.equal(processingSeconds('2026-03-15T10:41:02.000Z', '2026-03-15T11:02:08.913Z'), 1266.913);
  });

  it('null when either is missing or the end comes first', () => {
    assert.equal(processingSeconds(null, '2026-03-15T11:02:08.913Z'), null);
    assert.equal(processingSeconds('2026-03-15T10:41:02.000Z', null), null);
    assert.equal(processingSeconds('2026-03-15T11:02:08.913Z', '2026-03-15T10:41:02.000Z'), null);
  });
});
