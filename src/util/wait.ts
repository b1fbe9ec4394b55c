import { setTimeout as delay } from 'node:timers/promises';

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** `what` may be a function, to describe the state at the deadline ("3 of 5 messages"). */
export type WaitOptions = { timeoutMs: number; intervalMs?: number; what: string | (() => string) };

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
      const described = typeof what === 'function' ? what() : what;
      throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${described}${cause}`);
    }
    await delay(intervalMs);
  }
}
