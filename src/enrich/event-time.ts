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
  if (dateMillis === null) {
    const created = millisOf(createdAt);
    return created === null ? null : { instant: new Date(created).toISOString(), hasTimeOfDay: true };
  }
  if (dateMillis % dayMillis !== 0)
    return { instant: new Date(dateMillis).toISOString(), hasTimeOfDay: true };
  const sameDay = timeOfDayCandidates
    .map(millisOf)
    .find((m) => m !== null && m >= dateMillis && m < dateMillis + dayMillis);
  return sameDay === undefined || sameDay === null
    ? { instant: new Date(dateMillis).toISOString(), hasTimeOfDay: false }
    : { instant: new Date(sameDay).toISOString(), hasTimeOfDay: true };
}

function millisOf(iso: string | null): number | null {
  if (iso === null) return null;
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? null : millis;
}
