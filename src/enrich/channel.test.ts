import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelClass } from './channel.ts';

describe('channel class', () => {
  it('phone and email / phone only / email only / none; no channel at all is unknown', () => {
    assert.equal(channelClass(['email', 'phone']), 'phone and email');
    assert.equal(channelClass(['phone']), 'phone only');
    assert.equal(channelClass(['email']), 'email only');
    assert.equal(channelClass([]), 'none');
    assert.equal(channelClass(null), 'unknown', 'no channel key: the service did not say');
  });
});
