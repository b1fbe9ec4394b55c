import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs } from './backoff.ts';

test('backoff doubles per attempt up to its maximum; jitter keeps it between half and all of that', () => {
  const policy = { initialMs: 100, maxMs: 1000, jitter: false };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 10].map((a) => backoffMs(a, policy)),
    [100, 200, 400, 800, 1000, 1000],
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    const ms = backoffMs(attempt % 6, { ...policy, jitter: true });
    const full = backoffMs(attempt % 6, policy);
    assert.ok(ms >= full / 2 && ms <= full, `${ms} of ${full}`);
  }
});
