/** Thrown by the field readers when a value is impossible; `normalise` turns it into `{ ok: false }`. */
export class Rejection extends Error {
  override name = 'Rejection';

  constructor(path: string, problem: string) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

export function reject(path: string, problem: string): never {
  throw new Rejection(path, problem);
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
