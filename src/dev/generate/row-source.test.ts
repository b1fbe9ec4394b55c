import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRows } from './row-source.ts';
import { generatorTables } from './source-row.ts';
import { defaultWindowEnd, windowClock } from './time.ts';

const toMs = (sqlTimestamp: string): number => Date.parse(`${sqlTimestamp.replace(' ', 'T')}Z`);

for (const table of generatorTables) {
  test(`${table}: the same seed gives identical rows, another seed different ones`, () => {
    const a = sampleRows(table, 300, 'seed-one');
    assert.deepEqual(sampleRows(table, 300, 'seed-one'), a);
    const b = sampleRows(table, 300, 'seed-two');
    assert.notDeepEqual(b, a);
    assert.equal(b.filter((row, i) => row.id === a[i]!.id).length, 0);
    // A shorter run is a prefix of a longer one.
    assert.deepEqual(sampleRows(table, 50, 'seed-one'), a.slice(0, 50));
  });

  test(`${table}: valid JSON and unique ids over 5,000 rows`, () => {
    const rows = sampleRows(table, 5000, 'unique');
    for (const row of rows) assert.equal(typeof JSON.parse(row.profile), 'object');
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
  });

  test(`${table}: cr_dtimes fall in the event window`, () => {
    const end = Date.UTC(2025, 0, 1);
    const rows = sampleRows(table, 2000, 'window', windowClock(end, 30));
    const times = rows.map((r) => toMs(r.crDtimes));
    assert.ok(
      times.every((t) => t < end),
      'no event after the end of the window',
    );
    // regprc registrations may start a little before it to fit their later stages in.
    const start = end - 31 * 86_400_000;
    assert.ok(
      times.every((t) => t >= start),
      'no event long before the start of the window',
    );
  });
}

test('by default events spread over the 365 days before a fixed date, never the wall clock', () => {
  const rows = sampleRows('ida', 5000, 'spread');
  const times = rows.map((r) => toMs(r.crDtimes));
  assert.ok(Math.max(...times) < defaultWindowEnd);
  assert.ok(Math.min(...times) >= defaultWindowEnd - 365 * 86_400_000);
  const months = new Set(rows.map((r) => r.crDtimes.slice(0, 7)));
  assert.ok(months.size >= 12);
});

test('registration offices: weekdays and office hours dominate regprc', () => {
  const rows = sampleRows('regprc', 5000, 'hours').filter((r) => r.processStage === 'SYNC');
  const hour = (r: { crDtimes: string }) => Number(r.crDtimes.slice(11, 13));
  const office = rows.filter((r) => hour(r) >= 8 && hour(r) < 17).length;
  assert.ok(office > rows.length * 0.7, `${office} of ${rows.length} in office hours`);
});
