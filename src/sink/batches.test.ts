import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lostMembership } from './batches.ts';

test('a commit refused because the partition moved on (a rebalance) is told apart from other failures', () => {
  const wrapped = (type: string) =>
    Object.assign(new Error('wrapped'), { cause: Object.assign(new Error(type), { type }) });
  assert.equal(lostMembership(wrapped('UNKNOWN_MEMBER_ID')), true);
  assert.equal(lostMembership(wrapped('REBALANCE_IN_PROGRESS')), true);
  assert.equal(lostMembership(Object.assign(new Error('x'), { type: 'ILLEGAL_GENERATION' })), true);
  assert.equal(lostMembership(wrapped('TOPIC_AUTHORIZATION_FAILED')), false);
  assert.equal(lostMembership(new Error('Connection error')), false);
});
