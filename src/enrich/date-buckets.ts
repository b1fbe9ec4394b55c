import type { EventTime } from './event-time.ts';
import { isoWeekday, isoWeekLabel, isoWeekLabelOfDay } from './iso-week.ts';
import { canonicalHour, canonicalMillis, canonicalMonth, canonicalYear } from './utc-instant.ts';

/** Calendar buckets of the event time, all in UTC, ready for terms aggregations. */
export interface DateBuckets {
  /** "2026-03-15" */
  day: string;
  /** ISO week, "2026-W11". */
  week: string;
  /** "2026-03" */
  month: string;
  /** "2026-Q1" */
  quarter: string;
  year: number;
  /** English name, "Sunday": readable in a chart legend. */
  weekday: string;
  /** ISO day of week, 1 = Monday ... 7 = Sunday: sorts the weekdays in order. */
  weekdayNumber: number;
  /** 0-23; null when the source only had a date. */
  hour: number | null;
}

const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const dayMillis = 86_400_000;

export function dateBuckets(time: EventTime): DateBuckets {
  // (typeof: an untyped caller's null still gets what new Date(null) gives, as before)
  const millis = typeof time.instant === 'string' ? canonicalMillis(time.instant) : Number.NaN;
  return Number.isNaN(millis) ? bucketsOfDate(time) : bucketsOfCanonical(time, millis);
}

/** The usual case, once per record: a canonical instant, whose parts are read from the text itself. */
function bucketsOfCanonical(time: EventTime, millis: number): DateBuckets {
  const { instant } = time;
  const year = canonicalYear(instant);
  const epochDay = Math.floor(millis / dayMillis);
  const weekdayNumber = ((((epochDay + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
  return {
    day: instant.slice(0, 10),
    week: isoWeekLabelOfDay(epochDay, weekdayNumber, year),
    month: instant.slice(0, 7),
    quarter: `${year}-Q${Math.floor((canonicalMonth(instant) - 1) / 3) + 1}`,
    year,
    weekday: weekdayNames[weekdayNumber - 1] as string,
    weekdayNumber,
    hour: time.hasTimeOfDay ? canonicalHour(instant) : null,
  };
}

/** Any other instant Date can read (and a RangeError for one it cannot, as before). */
function bucketsOfDate(time: EventTime): DateBuckets {
  const at = new Date(time.instant);
  const iso = at.toISOString();
  const weekdayNumber = isoWeekday(at);
  return {
    day: iso.slice(0, 10),
    week: isoWeekLabel(at),
    month: iso.slice(0, 7),
    quarter: `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`,
    year: at.getUTCFullYear(),
    weekday: weekdayNames[weekdayNumber - 1] as string,
    weekdayNumber,
    hour: time.hasTimeOfDay ? at.getUTCHours() : null,
  };
}
