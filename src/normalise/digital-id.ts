import { canonicalText } from '../util/timestamp.ts';
import { isObject } from './fields.ts';
import type { DigitalId } from './types.ts';

/**
 * The capture device from a biometric's digitalId: a JSON string (what the services write), an object,
 * or a signed JWT whose payload is that JSON (SBI devices return that). Anything unreadable is null:
 * the device is a detail, not a reason to lose the row.
 */
export function digitalId(value: unknown): DigitalId | null {
  const obj = typeof value === 'string' ? parseDigitalId(value) : value;
  if (!isObject(obj)) return null;
  const id: DigitalId = {
    serialNo: looseText(obj.serialNo),
    make: looseText(obj.make),
    model: looseText(obj.model),
    type: looseText(obj.type),
    deviceSubType: looseText(obj.deviceSubType),
    deviceProvider: looseText(obj.deviceProvider),
    dateTime: looseTimestamp(obj.dateTime),
  };
  return Object.values(id).some((v) => v !== null) ? id : null;
}

function parseDigitalId(text: string): unknown {
  const trimmed = text.trim();
  const jwtPayload = /^[\w-]+\.([\w-]+)\.[\w-]*$/.exec(trimmed)?.[1];
  const json = jwtPayload === undefined ? trimmed : Buffer.from(jwtPayload, 'base64url').toString('utf8');
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function looseText(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.trim() || null : null;
}

function looseTimestamp(value: unknown): string | null {
  return (typeof value === 'string' ? canonicalText(value) : undefined) ?? null;
}
