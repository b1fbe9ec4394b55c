import type { Field } from './fields.ts';

/**
 * What can be wrong with one field of a profile, in a word: the code a data-quality issue carries (with the
 * field's path) in records, documents and metrics. docs/mosip-data.md explains each.
 */
export const issueCodes = [
  'wrong-type',
  'too-deep',
  'too-many',
  'too-long',
  'not-a-number',
  'out-of-range',
  'not-whole',
  'negative',
  'after-event',
  'too-old',
  'impossible-date',
  'unknown-code',
  'missing',
] as const;
export type IssueCode = (typeof issueCodes)[number];

/** Thrown by a field reader when a value cannot be used; the kind's normaliser records it and goes on. */
export class Rejection extends Error {
  override name = 'Rejection';

  constructor(
    readonly path: string,
    problem: string,
    readonly code: IssueCode,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

export function reject(path: string, problem: string, code: IssueCode): never {
  throw new Rejection(path, problem, code);
}

/** Deeper than this, a value is not data a service wrote but a defect (or an attack on the parser). */
const maxDepth = 32;

/** Whether `value` nests lists or objects deeper than maxDepth (counted without recursion). */
function tooDeep(value: unknown): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > maxDepth) return true;
    const next: unknown[] = [];
    for (const v of level) {
      if (Array.isArray(v)) for (const item of v) next.push(item);
      else if (typeof v === 'object' && v !== null) for (const item of Object.values(v)) next.push(item);
      if (next.length > 10_000) return false; // wide, not deep: a list check says what is wrong with it
    }
    level = next;
  }
  return false;
}

/** A value of the wrong type for the field; too-deep when it is a deeply nested list or object. */
export function wrongType(f: Field, expected: string): never {
  const code =
    typeof f.value === 'object' && f.value !== null && tooDeep(f.value) ? 'too-deep' : 'wrong-type';
  return reject(f.path, `expected ${expected}, got ${quote(f.value)}`, code);
}

/**
 * A value quoted for a reason, cut short so a huge value cannot flood the dead-letter topic. Lists and
 * objects are described, not serialised: a profile can nest them thousands deep.
 */
export function quote(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text =
    typeof value === 'string'
      ? JSON.stringify(value.length > 100 ? value.slice(0, 100) : value)
      : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
