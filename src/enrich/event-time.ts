import { isCanonical, parseTimestamp } from '../util/timestamp.ts';

/** The instant a profile describes, and whether the source knew its time of day. */
export interface EventTime {
  /** ISO-8601 UTC. */
  instant: string;
  /** false for a bare date ("2026-03-15"): such an event has a day but no hour. */
  hasTimeOfDay: boolean;
}

const dayMillis = 86_400_000;

/**
 * The event time of a profile: its own `date`, else the row's cr_dtimes (never the time of processing).
 * A bare date (the normaliser makes it midnight UTC; a real event exactly at 00:00:00.000 is taken for one)
 * borrows the time of day of the first same-day candidate, e.g. regprc's startDateTime, so the day stays
 * the profile's own and the hour is a real one. No date and no cr_dtimes -> null.
 */
export function eventTime(
  date: string | null,
  createdAt: string | null,
  timeOfDayCandidates: readonly (string | null)[] = [],
): EventTime | null {
  const dateMillis = millisOf(date);
  if (date === null || dateMillis === null) {
    const created = millisOf(createdAt);
    return createdAt === null || created === null
      ? null
      : { instant: isoText(createdAt, created), hasTimeOfDay: true };
  }
  if (dateMillis % dayMillis !== 0) return { instant: isoText(date, dateMillis), hasTimeOfDay: true };
  for (const candidate of timeOfDayCandidates) {
    const millis = millisOf(candidate);
    if (candidate !== null && millis !== null && millis >= dateMillis && millis < dateMillis + dayMillis)
      return { instant: isoText(candidate, millis), hasTimeOfDay: true };
  }
  return { instant: isoText(date, dateMillis), hasTimeOfDay: false };
}

function millisOf(iso: string | null): number | null {
  return iso === null ? null : (parseTimestamp(iso) ?? null);
}

/** The ISO-8601 UTC text of `millis`, parsed from `text`: `text` itself when it is already canonical. */
function isoText(text: string, millis: number): string {
  return isCanonical(text) ? text : new Date(millis).toISOString();
}
