import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PositionTracker } from './position.ts';

test('a commit is confirmable only once its records are in Kafka', () => {
  const t = new PositionTracker(100n);
  const a = t.issue();
  const b = t.issue();
  t.commit(200n);
  assert.equal(t.confirmable(), 100n);
  t.publishedUpTo(a);
  assert.equal(t.confirmable(), 100n, 'half a transaction is not enough');
  t.publishedUpTo(b);
  assert.equal(t.confirmable(), 200n);
  assert.equal(t.pending(), 0);
});

test('later transactions wait for earlier ones', () => {
  const t = new PositionTracker(0n);
  t.issue();
  t.commit(10n);
  const second = t.issue();
  t.commit(20n);
  t.issue();
  assert.equal(t.confirmable(), 0n);
  t.publishedUpTo(second);
  assert.equal(t.confirmable(), 20n);
  t.commit(30n);
  assert.equal(t.confirmable(), 20n, 'the third record is still in flight');
  t.publishedUpTo(3);
  assert.equal(t.confirmable(), 30n);
});

test('a transaction without records of ours is confirmable at once when nothing is pending', () => {
  const t = new PositionTracker(5n);
  t.commit(50n);
  assert.equal(t.confirmable(), 50n);
});

test('a keepalive advances an idle slot, never past unpublished records', () => {
  const t = new PositionTracker(5n);
  t.idle(70n);
  assert.equal(t.confirmable(), 70n);
  const seq = t.issue();
  t.idle(90n);
  assert.equal(t.confirmable(), 70n);
  t.commit(95n);
  t.idle(99n);
  assert.equal(t.confirmable(), 70n);
  t.publishedUpTo(seq);
  assert.equal(t.confirmable(), 95n);
  t.idle(120n);
  assert.equal(t.confirmable(), 120n);
  t.idle(110n);
  assert.equal(t.confirmable(), 120n, 'never moves backwards');
});

test('a keepalive in the middle of a streamed transaction is not a safe position', () => {
  const t = new PositionTracker(0n);
  t.begin();
  t.publishedUpTo(t.issue());
  t.idle(500n);
  assert.equal(t.confirmable(), 0n);
  t.commit(400n);
  assert.equal(t.confirmable(), 400n);
  t.idle(500n);
  assert.equal(t.confirmable(), 500n);
});

test('a held position (a signal not yet saved) stops confirmation just before it until released', () => {
  const t = new PositionTracker(100n);
  t.begin();
  t.hold(150n);
  t.commit(200n);
  assert.equal(t.confirmable(), 149n, 'the transaction that carried the signal is not confirmed past it');
  t.idle(300n);
  assert.equal(t.confirmable(), 149n, 'nor by a keepalive');
  t.release(150n);
  assert.equal(t.confirmable(), 300n);
});
