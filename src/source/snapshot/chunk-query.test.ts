import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connector } from '../../connectors/connector.ts';
import { chunkQuery, completeChunk } from './chunk-query.ts';

const c = { schema: 'prereg', table: 'anonymous_profile' } as Connector;

test('a chunk reads after the last id, up to the range end, in key order', () => {
  assert.deepEqual(chunkQuery(c, { lo: null, hi: null }, null, null, 500), {
    text: 'SELECT * FROM "prereg"."anonymous_profile" ORDER BY "id" LIMIT 500',
    values: [],
  });
  assert.deepEqual(chunkQuery(c, { lo: 'a', hi: 'm' }, null, null, 10), {
    text: 'SELECT * FROM "prereg"."anonymous_profile" WHERE "id" > $1 AND "id" <= $2 ORDER BY "id" LIMIT 10',
    values: ['a', 'm'],
  });
  const next = chunkQuery(c, { lo: 'a', hi: null }, 'f', "cr_dtimes >= '2026-01-01'", 10);
  assert.equal(
    next.text,
    `SELECT * FROM "prereg"."anonymous_profile" WHERE "id" > $1 AND (cr_dtimes >= '2026-01-01') ORDER BY "id" LIMIT 10`,
  );
  assert.deepEqual(next.values, ['f']);
});

test('a master table (one row per language) is chunked on its first key column, in full key order, by the columns it is read by', () => {
  const locations = { schema: 'master', table: 'location', kind: 'location' } as Connector;
  assert.deepEqual(chunkQuery(locations, { lo: 'A', hi: 'M' }, 'C', null, 3), {
    text:
      'SELECT "code", "lang_code", "name", "hierarchy_level", "hierarchy_level_name", "parent_loc_code", ' +
      '"is_active", "cr_by", "cr_dtimes", "upd_by", "upd_dtimes", "is_deleted", "del_dtimes" ' +
      'FROM "master"."location" WHERE "code" > $1 AND "code" <= $2 ORDER BY "code", "lang_code" LIMIT 3',
    values: ['C', 'M'],
  });
});

test("a full chunk never ends inside one key's languages: they are left to the next chunk", () => {
  const location = { kind: 'location' };
  const rows = [
    { code: 'A', lang_code: 'ara' },
    { code: 'A', lang_code: 'eng' },
    { code: 'B', lang_code: 'ara' },
  ];
  assert.deepEqual(completeChunk(location, rows, 3), { rows: rows.slice(0, 2), lastId: 'A' });
  assert.deepEqual(completeChunk(location, rows, 4), { rows, lastId: 'B' }, 'the range ended: all kept');
  const one = rows.slice(0, 2);
  assert.deepEqual(completeChunk(location, one, 2), { rows: one, lastId: 'A' }, 'one key fills the chunk');
  const ids = [{ id: 'x' }, { id: 'y' }];
  assert.deepEqual(completeChunk({ kind: 'registration' }, ids, 2), { rows: ids, lastId: 'y' });
});
