import assert from 'node:assert/strict';
import { test } from 'node:test';
import { naturalOrder, valueColors } from './colors.ts';

test('a value keeps its colour in every chart; unknown is grey; no two values of a chart share one', () => {
  const a = valueColors(['Male', 'Female', 'unknown']);
  const b = valueColors(['Female', 'Others', 'Male', 'CNSS', 'inwi']);
  assert.equal(a.get('Female'), b.get('Female'));
  assert.equal(a.get('Male'), b.get('Male'));
  assert.equal(a.get('unknown'), '#98a2b3');
  const many = valueColors(Array.from({ length: 10 }, (_, i) => `centre-${i}`));
  assert.equal(new Set(many.values()).size, 10, 'ten values, ten colours');
  assert.equal(
    valueColors(['centre-3']).get('centre-3'),
    valueColors(['centre-3', 'Female']).get('centre-3'),
  );
});

test('age groups and other numeric ranges in their natural order, unknown last; other lists as given', () => {
  assert.deepEqual(naturalOrder(['18-60', 'unknown', '0-5', '60+', '5-18']), [
    '0-5',
    '5-18',
    '18-60',
    '60+',
    'unknown',
  ]);
  assert.deepEqual(naturalOrder(['Male', 'Female']), ['Male', 'Female']);
  assert.deepEqual(naturalOrder(['SYNC', '18-60']), ['SYNC', '18-60']);
  // Top centres by count: numeric ids, ordered by Elasticsearch by their counts, not by id.
  assert.deepEqual(naturalOrder(['10124', '10163', '10040']), ['10124', '10163', '10040']);
});
