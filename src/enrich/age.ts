import { canonicalYear, isCanonical, parseTimestamp } from '../util/timestamp.ts';
import { type AgeGroup, otherAgeGroup, unknownAgeGroup } from './age-groups.ts';

/** Nobody registering or authenticating is older than this; an older year of birth is a placeholder. */
export const defaultMaxAge = 120;

export interface AgeFacts {
  /** Whole years between the year of birth and the event year; null when it cannot be known. */
  age: number | null;
  ageGroup: string;
}

/**
 * Age at the event: year(event) - yearOfBirth (only the year of birth is known, as in MOSIP's reports).
 * Measured at the profile's own event time, never today: replaying old rows must give the same answer.
 * Missing or 0 year of birth, no event time, a negative age or one above `maxAge` -> null.
 */
export function ageAt(
  yearOfBirth: number | null,
  eventInstant: string | null,
  maxAge: number = defaultMaxAge,
): number | null {
  if (yearOfBirth === null || yearOfBirth <= 0 || eventInstant === null) return null;
  const year = yearOf(eventInstant);
  if (year === null) return null;
  const age = year - yearOfBirth;
  return age < 0 || age > maxAge ? null : age;
}

/** The UTC year of an instant; read from the text when canonical (as eventTime writes it), without a parse. */
function yearOf(instant: string): number | null {
  const year = isCanonical(instant) ? canonicalYear(instant) : Number.NaN;
  if (!Number.isNaN(year)) return year;
  const millis = parseTimestamp(instant);
  return millis === undefined ? null : new Date(millis).getUTCFullYear();
}

/** The group an age falls in (lo <= age < hi); an unknown age is "unknown", never a real group. */
export function ageGroupOf(age: number | null, groups: readonly AgeGroup[]): string {
  if (age === null) return unknownAgeGroup;
  for (const g of groups) if (age >= g.min && (g.max === null || age < g.max)) return g.label;
  return otherAgeGroup;
}

export function ageFacts(
  yearOfBirth: number | null,
  eventInstant: string | null,
  groups: readonly AgeGroup[],
  maxAge: number = defaultMaxAge,
): AgeFacts {
  const age = ageAt(yearOfBirth, eventInstant, maxAge);
  return { age, ageGroup: ageGroupOf(age, groups) };
}
