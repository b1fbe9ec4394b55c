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

/** A value quoted for a reason, cut short so a huge value cannot flood the dead-letter topic. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
