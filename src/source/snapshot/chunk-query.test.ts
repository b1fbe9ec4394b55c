import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connector } from '../../connectors/connector.ts';
import { chunkQuery } from './chunk-query.ts';

const c = { schema: 'prereg', table: 'anonymous_profile' } as Connector;

test('a chunk reads after the last id, up to the range end, in key order', () => {
  assert.deepEqual(chunkQuery(c, { lo: null, hi: null }, null, null, 500), {
    text: 'SELECT * FROM "prereg"."anonymous_profile" ORDER BY id LIMIT 500',
    values: [],
  });
  assert.deepEqual(chunkQuery(c, { lo: 'a', hi: 'm' }, null, null, 10), {
    text: 'SELECT * FROM "prereg"."anonymous_profile" WHERE id > $1 AND id <= $2 ORDER BY id LIMIT 10',
    values: ['a', 'm'],
  });
  const next = chunkQuery(c, { lo: 'a', hi: null }, 'f', "cr_dtimes >= '2026-01-01'", 10);
  assert.equal(
    next.text,
    `SELECT * FROM "prereg"."anonymous_profile" WHERE id > $1 AND (cr_dtimes >= '2026-01-01') ORDER BY id LIMIT 10`,
  );
  assert.deepEqual(next.values, ['f']);
});
