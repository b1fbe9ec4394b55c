import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issuanceSample } from '../fixtures/sample-profiles.ts';
import { changedFields, issuanceChange } from './changed-fields.ts';

describe('idrepo changed fields', () => {
  const { profile } = issuanceSample();
  const old = profile.oldProfile;
  if (old === null) throw new Error('the idrepo sample is an update');

  it('the sample update changed location, channel, verified and documents', () => {
    assert.deepEqual(issuanceChange(profile), {
      isNew: false,
      changedFields: ['location', 'channel', 'verified', 'documents'],
    });
  });

  it('a new identity: isNew and no changed fields', () => {
    assert.deepEqual(issuanceChange({ ...profile, processName: 'NEW', oldProfile: null }), {
      isNew: true,
      changedFields: [],
    });
  });

  it('an update without the old profile: changed fields unknown', () => {
    assert.deepEqual(issuanceChange({ ...profile, oldProfile: null }), { isNew: false, changedFields: null });
  });

  it('order of set-like lists and missing vs empty lists are not changes; order of location is', () => {
    assert.deepEqual(changedFields(old, { ...old, channel: [...(old.channel ?? []), 'email'].reverse() }), [
      'channel',
    ]);
    const twoChannels = { ...old, channel: ['phone', 'email'] };
    assert.deepEqual(changedFields(twoChannels, { ...twoChannels, channel: ['email', 'phone'] }), []);
    assert.deepEqual(changedFields({ ...old, verified: null }, { ...old, verified: [] }), []);
    assert.deepEqual(changedFields(old, { ...old, location: [...(old.location ?? [])].reverse() }), [
      'location',
    ]);
    assert.deepEqual(changedFields(old, { ...old, yearOfBirth: 1988, gender: 'Male' }), [
      'yearOfBirth',
      'gender',
    ]);
  });
});
