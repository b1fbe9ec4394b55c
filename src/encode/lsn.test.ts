import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLsn, parseLsn } from './lsn.ts';

test('LSNs parse to comparable numbers and print back', () => {
  assert.equal(parseLsn('0/0'), 0n);
  assert.equal(parseLsn('16/B374D848'), (0x16n << 32n) | 0xb374d848n);
  assert.ok(parseLsn('1/0') > parseLsn('0/FFFFFFFF'));
  assert.equal(formatLsn(parseLsn('16/B374D848')), '16/B374D848');
  assert.equal(formatLsn(parseLsn('0/1a')), '0/1A');
  assert.throws(() => parseLsn('16-B374'), /not an LSN/);
});
