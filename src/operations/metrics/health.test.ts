import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceStats } from '../../source/connector-source.ts';
import { sourceProgress } from './health.ts';
import { stalls } from './stalls.ts';

const now = 1_000_000;
const stats = (blocked: SourceStats['snapshot']['blocked']): SourceStats => ({
  snapshot: {
    job: 'backfill-1',
    reason: 'backfill',
    rowsExpected: 1000,
    rowsRead: 500,
    rowsReadHere: 500,
    rowsSuperseded: 0,
    chunksDone: 1,
    chunksExpected: 2,
    rangesTotal: 1,
    rangesDone: 0,
    rowsPerSecond: 0,
    etaSeconds: null,
    blocked,
  },
  slotsRecreated: 0,
  changesRead: 10,
  published: 10,
  deadLettered: 0,
  deadLetters: {},
  confirmedLsn: '0/16B3748',
  reconnects: 0,
  produceRetries: 0,
  lastPublishedCommitTime: now - 1000,
  readByOp: { c: 10, u: 0, d: 0 },
  state: 'streaming',
  backlog: 0,
  lastProgressAt: now - 1000,
  problem: null,
});

test('a snapshot held up by an older transaction stalls its connector even while the stream moves', () => {
  const held = stats({
    since: now - 300_000,
    reason: 'a chunk waits for transactions older than it to end: pid 42',
  });
  assert.deepEqual(stalls(sourceProgress('prereg', held), now, 120_000), [
    {
      component: 'source',
      connector: 'prereg',
      reason: 'no progress for 300 s: snapshot: a chunk waits for transactions older than it to end: pid 42',
    },
  ]);
  assert.deepEqual(stalls(sourceProgress('prereg', stats(null)), now, 120_000), []);
  const brief = stats({ since: now - 5_000, reason: 'pid 42' });
  assert.deepEqual(stalls(sourceProgress('prereg', brief), now, 120_000), [], 'a short wait is no stall');
});
