import {
  canonicalHour,
  canonicalMonth,
  canonicalYear,
  isCanonical,
  parseTimestamp,
} from '../util/timestamp.ts';
import type { EventTime } from './event-time.ts';
import { isoWeekday, isoWeekLabel } from './iso-week.ts';

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

/** The buckets of an event time; its parts are read from the canonical text (eventTime writes it). */
export function dateBuckets(time: EventTime): DateBuckets {
  const millis = parseTimestamp(time.instant);
  if (millis === undefined) throw new RangeError(`not an instant: ${JSON.stringify(time.instant)}`);
  const iso = isCanonical(time.instant) ? time.instant : new Date(millis).toISOString();
  const year = canonicalYear(iso);
  const epochDay = Math.floor(millis / dayMillis);
  const weekdayNumber = isoWeekday(epochDay);
  return {
    day: iso.slice(0, 10),
    week: isoWeekLabel(epochDay),
    month: iso.slice(0, 7),
    quarter: `${year}-Q${Math.floor((canonicalMonth(iso) - 1) / 3) + 1}`,
    year,
    weekday: weekdayNames[weekdayNumber - 1] as string,
    weekdayNumber,
    hour: time.hasTimeOfDay ? canonicalHour(iso) : null,
  };
}
