import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Biometric } from '../normalise/types.ts';
import { biometricSummary, deviceLabel } from './biometrics.ts';

const finger = (
  qualityScore: number | null,
  attempts: number | null,
  make: string | null,
  model: string | null,
) =>
  ({
    type: 'FINGER',
    subType: null,
    qualityScore,
    attempts,
    digitalId:
      make === null && model === null
        ? null
        : {
            serialNo: null,
            make,
            model,
            type: null,
            deviceSubType: null,
            deviceProvider: null,
            dateTime: null,
          },
  }) satisfies Biometric;

describe('biometric summary', () => {
  it('nothing captured and no exceptions reported: null', () => {
    assert.equal(biometricSummary(null, null), null);
  });

  it('an empty modality: count 0, no quality, 0 attempts, no devices', () => {
    const summary = biometricSummary([], []);
    assert.deepEqual(summary?.iris, {
      count: 0,
      qualityMean: null,
      qualityMin: null,
      attempts: 0,
      exceptions: 0,
      device: [],
      deviceMake: [],
      deviceModel: [],
    });
  });

  it('unknown scores and attempts are left out, not counted as 0', () => {
    const summary = biometricSummary([finger(80, null, 'A', 'X'), finger(null, null, 'A', 'Y')], null);
    assert.equal(summary?.finger.qualityMean, 80);
    assert.equal(summary?.finger.qualityMin, 80);
    assert.equal(summary?.finger.attempts, null);
    assert.equal(summary?.finger.exceptions, null);
    assert.deepEqual(summary?.finger.device, ['A X', 'A Y']);
    assert.deepEqual(summary?.finger.deviceMake, ['A']);
  });

  it('device label: make and model, either alone, or null', () => {
    assert.equal(deviceLabel(finger(1, 1, 'MOSIP', 'SLAP01')), 'MOSIP SLAP01');
    assert.equal(deviceLabel(finger(1, 1, null, 'SLAP01')), 'SLAP01');
    assert.equal(deviceLabel(finger(1, 1, null, null)), null);
  });
});
