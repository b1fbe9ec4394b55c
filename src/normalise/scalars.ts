import type { Field } from './fields.ts';
import { quote, reject } from './rejection.ts';

/** A string, trimmed; "" and null mean unknown. Any other type is rejected. */
export function text(f: Field): string | null {
  if (f.value === null || f.value === undefined) return null;
  if (typeof f.value !== 'string') reject(f.path, `expected a string, got ${quote(f.value)}`);
  return f.value.trim() || null;
}

/** An identifier (centre, operator): a string, or an integer some writers emit as a number. */
export function code(f: Field): string | null {
  if (typeof f.value === 'number' && Number.isSafeInteger(f.value)) return String(f.value);
  return text(f);
}

const numeral = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A number, or a numeric string as several services write numbers; "" means unknown. */
export function decimal(f: Field, min: number, max: number): number | null {
  let value: number;
  if (f.value === null || f.value === undefined) return null;
  if (typeof f.value === 'number') value = f.value;
  else if (typeof f.value === 'string') {
    const trimmed = f.value.trim();
    if (trimmed === '') return null;
    if (!numeral.test(trimmed)) reject(f.path, `not a number: ${quote(f.value)}`);
    value = Number(trimmed);
  } else return reject(f.path, `expected a number, got ${quote(f.value)}`);
  if (!Number.isFinite(value) || value < min || value > max) {
    reject(f.path, `${quote(f.value)} is outside ${min}..${max}`);
  }
  return value;
}

/** Like `decimal`, and the value must be a whole number. */
export function integer(f: Field, min: number, max: number): number | null {
  const value = decimal(f, min, max);
  if (value !== null && !Number.isInteger(value)) reject(f.path, `${quote(f.value)} is not a whole number`);
  return value;
}
