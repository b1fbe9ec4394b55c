import { type DateBuckets, dateBuckets } from './date-buckets.ts';
import { type EventTime, eventTime } from './event-time.ts';

/** When the profile's event happened, and its calendar buckets; both null when nothing dates it. */
export interface EventTiming {
  eventTime: EventTime | null;
  time: DateBuckets | null;
}

export function eventTiming(
  date: string | null,
  createdAt: string | null,
  timeOfDayCandidates: readonly (string | null)[] = [],
): EventTiming {
  const at = eventTime(date, createdAt, timeOfDayCandidates);
  return { eventTime: at, time: at && dateBuckets(at) };
}
