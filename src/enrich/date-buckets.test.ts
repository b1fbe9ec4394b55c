import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateBuckets } from './date-buckets.ts';
import { eventTime } from './event-time.ts';
import { isoWeek, isoWeekLabel } from './iso-week.ts';

/** The day number (days since 1970-01-01) of an instant. */
const dayOf = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
const week = (iso: string) => isoWeekLabel(dayOf(iso));

describe('ISO weeks', () => {
  it('week-numbering year at year boundaries', () => {
    assert.equal(week('2026-01-01T12:00:00Z'), '2026-W01', 'Thursday 1 January: week 1 of its own year');
    assert.equal(week('2025-12-29T00:00:00Z'), '2026-W01', 'the Monday of that week is in 2026-W01');
    assert.equal(week('2024-12-30T00:00:00Z'), '2025-W01', 'Monday 30 December 2024 is in 2025');
    assert.equal(week('2024-12-29T23:59:59Z'), '2024-W52');
    assert.equal(week('2021-01-03T00:00:00Z'), '2020-W53', 'Sunday 3 January 2021 closes 2020-W53');
    assert.equal(week('2020-12-31T00:00:00Z'), '2020-W53');
    assert.equal(week('2026-12-31T00:00:00Z'), '2026-W53');
    assert.equal(week('2027-01-03T00:00:00Z'), '2026-W53');
    assert.equal(week('2027-01-04T00:00:00Z'), '2027-W01');
  });

  it('the samples', () => {
    assert.deepEqual(isoWeek(dayOf('2026-03-15T10:41:02Z')), { year: 2026, week: 11 });
    assert.equal(week('2026-03-16T00:00:00Z'), '2026-W12');
  });
});

describe('date buckets', () => {
  it('a date-time: every bucket, hour included (UTC)', () => {
    assert.deepEqual(dateBuckets({ instant: '2026-03-14T09:21:44.498Z', hasTimeOfDay: true }), {
      day: '2026-03-14',
      week: '2026-W11',
      month: '2026-03',
      quarter: '2026-Q1',
      year: 2026,
      weekday: 'Saturday',
      weekdayNumber: 6,
      hour: 9,
    });
  });

  it('a bare date has no hour', () => {
    const buckets = dateBuckets({ instant: '2026-03-16T00:00:00.000Z', hasTimeOfDay: false });
    assert.equal(buckets.hour, null);
    assert.equal(buckets.weekday, 'Monday');
    assert.equal(buckets.weekdayNumber, 1);
  });

  it('quarters', () => {
    const quarter = (iso: string) => dateBuckets({ instant: iso, hasTimeOfDay: true }).quarter;
    assert.equal(quarter('2026-03-31T23:59:59.999Z'), '2026-Q1');
    assert.equal(quarter('2026-04-01T00:00:00.000Z'), '2026-Q2');
    assert.equal(quarter('2026-09-30T00:00:00.000Z'), '2026-Q3');
    assert.equal(quarter('2026-12-01T00:00:00.000Z'), '2026-Q4');
  });
});

describe('event time', () => {
  it("the profile's own date-time", () => {
    assert.deepEqual(eventTime('2026-03-14T09:21:44.498Z', '2026-03-14T09:21:44.512Z'), {
      instant: '2026-03-14T09:21:44.498Z',
      hasTimeOfDay: true,
    });
  });

  it('a bare date takes the time of day of a same-day candidate', () => {
    assert.deepEqual(eventTime('2026-03-15T00:00:00.000Z', null, [null, '2026-03-15T10:41:02.000Z']), {
      instant: '2026-03-15T10:41:02.000Z',
      hasTimeOfDay: true,
    });
  });

  it('a candidate on another day does not move the event off its day', () => {
    assert.deepEqual(eventTime('2026-03-15T00:00:00.000Z', null, ['2026-03-14T23:50:00.000Z']), {
      instant: '2026-03-15T00:00:00.000Z',
      hasTimeOfDay: false,
    });
  });

  it("no date: the row's cr_dtimes; neither: null", () => {
    assert.deepEqual(eventTime(null, '2026-03-15T11:05:40.771Z'), {
      instant: '2026-03-15T11:05:40.771Z',
      hasTimeOfDay: true,
    });
    assert.equal(eventTime(null, null), null);
  });
});
