import { daysFromCivil } from './utc-instant.ts';

export interface IsoWeek {
  /** The ISO week-numbering year: 2024-12-30 is in 2025's week 1. */
  year: number;
  week: number;
}

const dayMillis = 86_400_000;

/** ISO-8601 week of a UTC instant: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(instant: Date): IsoWeek {
  const thursday = new Date(instant.getTime());
  thursday.setUTCHours(0, 0, 0, 0);
  thursday.setUTCDate(thursday.getUTCDate() + 4 - isoWeekday(instant));
  const year = thursday.getUTCFullYear();
  const januaryFirst = new Date(0);
  januaryFirst.setUTCFullYear(year, 0, 1); // not Date.UTC, which maps years 0..99 to 1900..1999
  return { year, week: Math.floor((thursday.getTime() - januaryFirst.getTime()) / dayMillis / 7) + 1 };
}

/** 1 = Monday ... 7 = Sunday. */
export function isoWeekday(instant: Date): number {
  return instant.getUTCDay() || 7;
}

/** "2026-W11". */
export function isoWeekLabel(instant: Date): string {
  const { year, week } = isoWeek(instant);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * isoWeekLabel from numbers, without Date objects: `epochDay` is days since 1970-01-01, `weekday` its
 * isoWeekday and `year` its calendar year. The week belongs to the year of its Thursday.
 */
export function isoWeekLabelOfDay(epochDay: number, weekday: number, year: number): string {
  const thursday = epochDay + 4 - weekday;
  let weekYear = year;
  if (thursday < daysFromCivil(year, 1, 1)) weekYear = year - 1;
  else if (thursday >= daysFromCivil(year + 1, 1, 1)) weekYear = year + 1;
  const week = Math.floor((thursday - daysFromCivil(weekYear, 1, 1)) / 7) + 1;
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}
