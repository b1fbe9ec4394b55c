import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomeOf, serialise } from './action.ts';

test('actions serialise to bulk NDJSON, updates without upsert', () => {
  assert.equal(
    serialise({ index: 'i', id: 'a', op: 'index', body: { x: 1 } }).lines,
    '{"index":{"_index":"i","_id":"a"}}\n{"x":1}\n',
  );
  assert.equal(
    serialise({ index: 'i', id: 'a', op: 'update', body: { x: 1 } }).lines,
    '{"update":{"_index":"i","_id":"a"}}\n{"doc":{"x":1}}\n',
  );
  assert.equal(
    serialise({ index: 'i', id: 'a', op: 'index', body: {}, version: 42n }).lines,
    '{"index":{"_index":"i","_id":"a","version":42,"version_type":"external_gte"}}\n{}\n',
  );
  const del = serialise({ index: 'i', id: 'é', op: 'delete' });
  assert.equal(del.lines, '{"delete":{"_index":"i","_id":"é"}}\n');
  assert.equal(del.bytes, del.lines.length + 1, 'bytes, not characters');
});

test('item outcomes: success, harmless 404s, retries, permanent refusals', () => {
  const index = { index: 'i', id: 'a', op: 'index', body: {} } as const;
  assert.deepEqual(outcomeOf(index, { status: 201 }), { ok: true });
  assert.deepEqual(outcomeOf({ index: 'i', id: 'a', op: 'delete' }, { status: 404 }), { ok: true });
  assert.deepEqual(outcomeOf({ index: 'i', id: 'a', op: 'update', body: {} }, { status: 404 }), { ok: true });
  assert.deepEqual(outcomeOf(index, { status: 409 }), { ok: true }, 'superseded by a newer version');
  assert.equal(outcomeOf(index, { status: 429 }), 'retry');
  assert.equal(outcomeOf(index, { status: 503 }), 'retry');
  assert.deepEqual(
    outcomeOf(index, {
      status: 400,
      error: { type: 'strict_dynamic_mapping_exception', reason: 'no field [x]' },
    }),
    { ok: false, status: 400, reason: 'strict_dynamic_mapping_exception: no field [x]' },
  );
  assert.equal(
    outcomeOf(index, { status: 404 }).constructor,
    Object,
    'a missing index for an index op is permanent',
  );
});
