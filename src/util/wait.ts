import { setTimeout as delay } from 'node:timers/promises';

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export type WaitOptions = { timeoutMs: number; intervalMs?: number; what: string };

/**
 * Polls `check` until it returns a value other than undefined/false, or the deadline passes.
 * The one way this project waits for something: never a bare sleep.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs, intervalMs = 200, what }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(intervalMs);
  }
}
