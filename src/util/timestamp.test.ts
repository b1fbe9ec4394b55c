import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalMillis, parseTimestamp, toIsoUtc } from './timestamp.ts';

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

  it("PostgreSQL's timestamp text: UTC without a zone, an hours-only zone", () => {
    assert.equal(parseTimestamp('2026-03-14 09:21:44.512'), Date.UTC(2026, 2, 14, 9, 21, 44, 512));
    assert.equal(parseTimestamp('2026-03-14 09:21:44'), Date.UTC(2026, 2, 14, 9, 21, 44));
    assert.equal(parseTimestamp('2026-03-14 11:21:44.512+02'), Date.UTC(2026, 2, 14, 9, 21, 44, 512));
    assert.throws(() => toIsoUtc('yesterday'), /not a timestamp/);
  });

  it('the canonical form is read from its positions, and a look-alike that is no date is not one', () => {
    assert.equal(parseTimestamp('2026-03-15T10:41:02.000Z'), Date.UTC(2026, 2, 15, 10, 41, 2));
    assert.equal(canonicalMillis('2026-03-15T10:41:02.000Z'), Date.UTC(2026, 2, 15, 10, 41, 2));
    assert.ok(Number.isNaN(canonicalMillis('2026-02-30T10:41:02.000Z')));
    assert.equal(parseTimestamp('2026-02-30T10:41:02.000Z'), undefined);
    assert.ok(Number.isNaN(canonicalMillis('2026-03-15 10:41:02.000Z')));
  });

  it("toIsoUtc: PostgreSQL's timestamp text (no zone: UTC) or a Date", () => {
    assert.equal(toIsoUtc('2026-03-14 09:21:44.512'), '2026-03-14T09:21:44.512Z');
    assert.equal(toIsoUtc('2026-03-14 09:21:44.512345'), '2026-03-14T09:21:44.512Z');
    assert.equal(toIsoUtc(new Date(Date.UTC(2026, 2, 14))), '2026-03-14T00:00:00.000Z');
    assert.throws(() => toIsoUtc('infinity'), RangeError);
    assert.throws(() => toIsoUtc(new Date(Number.NaN)), RangeError);
  });
});
