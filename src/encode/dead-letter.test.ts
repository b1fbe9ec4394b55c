import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { cut, deadLetter } from './dead-letter.ts';

const source = {
  connector: 'ida',
  database: 'mosip_ida',
  schema: 'ida',
  table: 'anonymous_profile',
  lsn: '0/1',
  txId: 1,
  commitTime: null,
};
const facts = {
  category: 'invalid-profile' as const,
  kind: 'authentication',
  op: 'c' as const,
  source,
  rowId: 'r1',
};

test('a dead letter keeps a short raw text whole, with its size and hash', () => {
  const letter = deadLetter({ ...facts, reason: 'not JSON', raw: '{oops' });
  assert.equal(letter.raw, '{oops');
  assert.equal(letter.rawBytes, 5);
  assert.equal(letter.rawSha256, createHash('sha256').update('{oops').digest('hex'));
  assert.equal(letter.category, 'invalid-profile');
});

test('a long raw text is cut to the limit on a character boundary; the reason is cut too', () => {
  const raw = `${'é'.repeat(600)}`; // 2 bytes each
  const letter = deadLetter(
    { ...facts, reason: 'r'.repeat(5000), raw },
    { rawBytes: 1001, reasonChars: 100 },
  );
  assert.equal(letter.raw, 'é'.repeat(500));
  assert.equal(letter.rawBytes, 1200);
  assert.equal(letter.reason.length, 100);
  assert.ok(letter.reason.endsWith('...'));
});

test('no raw text: no size, no hash', () => {
  const letter = deadLetter({ ...facts, reason: 'profile is null', raw: null });
  assert.deepEqual([letter.raw, letter.rawBytes, letter.rawSha256], [null, null, null]);
  assert.equal(cut('short', 10), 'short');
});
