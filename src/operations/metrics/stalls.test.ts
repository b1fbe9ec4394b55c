import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stalls } from './stalls.ts';

test('stalled: work pending and no progress for the configured time; idle or moving is not', () => {
  const now = 1_000_000;
  const base = { component: 'source' as const, problem: null };
  const verdict = stalls(
    [
      { ...base, connector: 'idle', pending: false, lastProgressAt: now - 600_000 },
      { ...base, connector: 'moving', pending: true, lastProgressAt: now - 5_000 },
      {
        ...base,
        connector: 'stuck',
        pending: true,
        lastProgressAt: now - 180_000,
        problem: 'Kafka: ECONNREFUSED',
      },
      { ...base, component: 'sink', connector: 'ida', pending: true, lastProgressAt: now - 121_000 },
    ],
    now,
    120_000,
  );
  assert.deepEqual(verdict, [
    { component: 'source', connector: 'stuck', reason: 'no progress for 180 s: Kafka: ECONNREFUSED' },
    { component: 'sink', connector: 'ida', reason: 'no progress for 121 s' },
  ]);
});
