import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readMessage, signalPrefix, watermarkPrefix } from './watermark.ts';

const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

test("a connector reads its own watermarks and signals and nobody else's", () => {
  const low = { connector: 'prereg', window: 'j1:3', edge: 'low' };
  assert.deepEqual(readMessage('prereg', watermarkPrefix, bytes(low)), { watermark: low });
  assert.equal(readMessage('ida', watermarkPrefix, bytes(low)), null);
  assert.equal(readMessage('prereg', 'debezium', bytes(low)), null);
  assert.equal(readMessage('prereg', watermarkPrefix, bytes('{not json')), null);
  assert.equal(readMessage('prereg', watermarkPrefix, bytes({ ...low, edge: 'middle' })), null);
});

test('a backfill signal gets defaults; a cancel needs an id', () => {
  assert.deepEqual(
    readMessage('prereg', signalPrefix, bytes({ action: 'backfill', connector: 'prereg', id: 'b1' })),
    { signal: { action: 'backfill', connector: 'prereg', id: 'b1', where: null, chunkRows: null } },
  );
  assert.equal(readMessage('prereg', signalPrefix, bytes({ action: 'cancel', connector: 'prereg' })), null);
});
