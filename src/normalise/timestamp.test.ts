import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimestamp, toIsoUtc } from './timestamp.ts';

describe('timestamps', () => {
  it('parseTimestamp: epoch millis, UTC unless a zone is given', () => {
    assert.equal(parseTimestamp('1970-01-01'), 0);
    assert.equal(parseTimestamp('1970-01-01T00:00:01.5'), 1500);
    assert.equal(parseTimestamp('1970-01-01T01:00:00+01:00'), 0);
    assert.equal(parseTimestamp('1970-01-01t00:00:00z'), 0);
  });

  it('parseTimestamp: years below 100 stay themselves (Date.UTC would make 0050 into 1950)', () => {
    assert.equal(new Date(parseTimestamp('0050-01-01') ?? Number.NaN).getUTCFullYear(), 50);
  });

  it('parseTimestamp: undefined for anything else', () => {
    for (const text of [
      '',
      '2026',
      '2026-03',
      '2024-02-30',
      '2023-02-29',
      '2026-03-15T10',
      '2026-03-15Z',
      'now',
    ]) {
      assert.equal(parseTimestamp(text), undefined, text);
    }
    assert.equal(parseTimestamp('2024-02-29'), Date.UTC(2024, 1, 29));
  });

  it("toIsoUtc: PostgreSQL's timestamp text (no zone: UTC) or a Date", () => {
    assert.equal(toIsoUtc('2026-03-14 09:21:44.512'), '2026-03-14T09:21:44.512Z');
    assert.equal(toIsoUtc('2026-03-14 09:21:44.512345'), '2026-03-14T09:21:44.512Z');
    assert.equal(toIsoUtc(new Date(Date.UTC(2026, 2, 14))), '2026-03-14T00:00:00.000Z');
    assert.throws(() => toIsoUtc('infinity'), RangeError);
    assert.throws(() => toIsoUtc(new Date(Number.NaN)), RangeError);
  });
});
