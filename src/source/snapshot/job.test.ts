import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentJob, enqueue, finish, initialPending, newJob, type SnapshotRecord } from './job.ts';

test('jobs run one at a time in the order asked; a signal read twice is one job', () => {
  const record: SnapshotRecord = { connector: 'prereg', jobs: [] };
  assert.equal(enqueue(record, newJob('initial', 'initial', null, 1000)), true);
  assert.equal(enqueue(record, newJob('b1', 'backfill', 'true', 1000)), true);
  assert.equal(enqueue(record, newJob('b1', 'backfill', 'true', 1000)), false);
  assert.equal(currentJob(record)?.id, 'initial');
  assert.equal(initialPending(record), true);
  finish(record, 'initial', 'done');
  assert.equal(initialPending(record), false);
  assert.equal(currentJob(record)?.id, 'b1');
  finish(record, 'b1', 'cancelled');
  assert.equal(currentJob(record), undefined);
  assert.deepEqual(
    record.jobs.map((j) => [j.id, j.status]),
    [
      ['initial', 'done'],
      ['b1', 'cancelled'],
    ],
  );
});

test('only the last ten finished jobs are kept, without their ranges', () => {
  const record: SnapshotRecord = { connector: 'prereg', jobs: [] };
  for (let i = 0; i < 15; i++) {
    const job = newJob(`j${i}`, 'backfill', null, 10);
    job.ranges = [{ lo: null, hi: null, after: 'x', done: true }];
    enqueue(record, job);
    finish(record, job.id, 'done');
  }
  assert.equal(record.jobs.length, 10);
  assert.equal(record.jobs[0]?.id, 'j5');
  assert.deepEqual(record.jobs[0]?.ranges, []);
});
