import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeoutError, waitFor } from './wait.ts';

test('waitFor returns the first truthy value', async () => {
  let calls = 0;
  const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), {
    timeoutMs: 5000,
    intervalMs: 1,
    what: 'three calls',
  });
  assert.equal(value, 'after 3');
});

test('waitFor times out naming what it waited for and the last error', async () => {
  await assert.rejects(
    waitFor(
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 30, intervalMs: 5, what: 'the broker' },
    ),
    (err: Error) => err instanceof TimeoutError && /the broker: connection refused/.test(err.message),
  );
});
