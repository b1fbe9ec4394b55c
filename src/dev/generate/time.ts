import type { Prng } from './prng.ts';

export const minuteMs = 60_000;
export const hourMs = 3_600_000;
const dayMs = 86_400_000;

/**
 * The default end of the event window: fixed, never the wall clock, so a seed alone decides
 * every row (the `--seed` gives the same table next year too).
 */
export const defaultWindowEnd = Date.UTC(2026, 3, 1);
export const defaultWindowDays = 365;

/** Where event times come from: a fixed window (reproducible) or the wall clock (`--rate` streaming). */
export type EventClock = { kind: 'window'; startMs: number; endMs: number } | { kind: 'live' };

export function windowClock(endMs: number = defaultWindowEnd, days: number = defaultWindowDays): EventClock {
  return { kind: 'window', startMs: endMs - days * dayMs, endMs };
}

export const liveClock: EventClock = { kind: 'live' };

/** Relative activity by hour of day (UTC, Morocco is UTC+0/+1): offices open 8-17, auth all day. */
const officeHours = [
  0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.7, 1, 1, 1, 0.8, 0.6, 0.9, 1, 0.9, 0.5, 0.2, 0.1, 0.05,
  0.03, 0.02, 0.01,
];
const allDay = [
  0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.25, 0.5, 0.8, 0.95, 1, 1, 1, 0.95, 0.95, 0.95, 1, 1, 0.95, 0.85, 0.7,
  0.5, 0.35, 0.25,
];

export type ActivityPattern = 'office' | 'allDay';

/**
 * A time in the window, thinned by hour of day and weekday (registration offices mostly close
 * at weekends), or now for the live clock.
 */
export function eventTime(rng: Prng, clock: EventClock, pattern: ActivityPattern): number {
  if (clock.kind === 'live') return Date.now();
  const hours = pattern === 'office' ? officeHours : allDay;
  const span = clock.endMs - clock.startMs;
  for (let attempt = 0; attempt < 50; attempt++) {
    const t = clock.startMs + Math.floor(rng.float() * span);
    // Arithmetic rather than Date objects: this runs a few times per row. 1970-01-01 was a Thursday.
    const weekday = (Math.floor(t / dayMs) + 4) % 7;
    const weekend = weekday === 0 || weekday === 6;
    const weight = hours[Math.floor(t / hourMs) % 24]! * (weekend ? (pattern === 'office' ? 0.25 : 0.7) : 1);
    if (rng.float() < weight) return t;
  }
  return clock.startMs + Math.floor(rng.float() * span);
}

/** `2026-03-14 09:21:44.512`: a timestamp-without-time-zone literal, UTC by convention. */
export function sqlTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** `2026-03-14T09:21:44.498`: Java LocalDateTime as prereg writes it (no zone). */
export function localDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/** `2026-03-15T10:41:02.000Z`: an instant with its zone. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2026-03-15`. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function utcYear(ms: number): number {
  return new Date(ms).getUTCFullYear();
}
