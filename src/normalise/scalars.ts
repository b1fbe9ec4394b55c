import type { Field } from './fields.ts';
import { quote, reject, wrongType } from './rejection.ts';

/** Longer than this, a text is not a code, a name or a label a service writes, but a defect. */
export const maxTextLength = 1_000;

/** A string, trimmed; "" and null mean unknown. Any other type is rejected, as is an over-long text. */
export function text(f: Field): string | null {
  if (f.value === null || f.value === undefined) return null;
  if (typeof f.value !== 'string') return wrongType(f, 'a string');
  if (f.value.length > maxTextLength)
    reject(f.path, `${f.value.length} characters, more than ${maxTextLength}`, 'too-long');
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
    if (!numeral.test(trimmed)) reject(f.path, `not a number: ${quote(f.value)}`, 'not-a-number');
    value = Number(trimmed);
  } else return wrongType(f, 'a number');
  if (!Number.isFinite(value)) reject(f.path, `not a finite number: ${quote(f.value)}`, 'not-a-number');
  if (value < min || value > max)
    reject(f.path, `${quote(f.value)} is outside ${min}..${max}`, 'out-of-range');
  return value;
}

/** Like `decimal`, and the value must be a whole number. */
export function integer(f: Field, min: number, max: number): number | null {
  const value = decimal(f, min, max);
  if (value !== null && !Number.isInteger(value))
    reject(f.path, `${quote(f.value)} is not a whole number`, 'not-whole');
  return value;
}
