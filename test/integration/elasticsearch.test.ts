import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { elasticsearch, requireStack, uniqueName } from './support/stack.ts';

const es = elasticsearch();
const index = uniqueName('it-es').toLowerCase();

before(requireStack);
after(async () => {
  await es.indices.delete({ index, ignore_unavailable: true });
  await es.close();
});

test('an index with an explicit mapping takes a bulk request and answers terms and date_histogram', async () => {
  await es.indices.create({
    index,
    mappings: {
      dynamic: 'strict',
      properties: { gender: { type: 'keyword' }, date: { type: 'date' }, age: { type: 'integer' } },
    },
  });
  const docs = [
    { gender: 'Female', date: '2026-01-15', age: 30 },
    { gender: 'Female', date: '2026-02-03', age: 41 },
    { gender: 'Male', date: '2026-02-20', age: 17 },
  ];
  const bulk = await es.bulk({
    refresh: 'wait_for',
    operations: docs.flatMap((doc, i) => [{ index: { _index: index, _id: `doc-${i}` } }, doc]),
  });
  assert.equal(bulk.errors, false);

  const strict = await es.bulk({ operations: [{ index: { _index: index } }, { unexpected: 1 }] });
  assert.equal(strict.errors, true, 'the strict mapping refuses an unknown field');

  const result = await es.search({
    index,
    size: 0,
    aggs: {
      byGender: { terms: { field: 'gender' } },
      byMonth: { date_histogram: { field: 'date', calendar_interval: 'month' } },
    },
  });
  const aggs = result.aggregations as Record<
    string,
    { buckets: { key: string | number; doc_count: number }[] }
  >;
  assert.deepEqual(
    aggs.byGender?.buckets.map((b) => [b.key, b.doc_count]),
    [
      ['Female', 2],
      ['Male', 1],
    ],
  );
  assert.deepEqual(
    aggs.byMonth?.buckets.map((b) => b.doc_count),
    [1, 2],
  );
});
