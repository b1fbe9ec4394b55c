import type { EventTiming } from '../../enrich/timing.ts';
import type { DocumentBase } from './types.ts';

export function eventFields(timing: EventTiming): Pick<DocumentBase, '@timestamp' | 'time'> {
  return { '@timestamp': timing.eventTime?.instant ?? null, time: timing.time };
}
