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

export function dateBuckets(time: EventTime): DateBuckets {
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
