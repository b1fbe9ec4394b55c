import { civilFromDays, daysFromCivil } from '../util/timestamp.ts';

export interface IsoWeek {
  /** The ISO week-numbering year: 2024-12-30 is in 2025's week 1. */
  year: number;
  week: number;
}

/** 1 = Monday ... 7 = Sunday, of a day number (days since 1970-01-01, a Thursday). */
export function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** ISO-8601 week of a day: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(epochDay: number): IsoWeek {
  const thursday = epochDay + 4 - isoWeekday(epochDay);
  const { year } = civilFromDays(thursday);
  return { year, week: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

/** "2026-W11". */
export function isoWeekLabel(epochDay: number): string {
  const { year, week } = isoWeek(epochDay);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
