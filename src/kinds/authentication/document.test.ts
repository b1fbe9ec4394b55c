import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrichmentOf, noCapture } from '../fixtures/enrichment.ts';
import { authenticationSample } from '../fixtures/sample-profiles.ts';
import { authenticationDocument } from './document.ts';

const fields = [
  'age',
  'ageGroup',
  'factorCount',
  'authMethods',
  'authType',
  'biometricAuth',
  'location',
  'biometrics',
] as const;

describe('the authentication document of the MOSIP sample (normalised first)', () => {
  it('ida: a failed finger + OTP authentication', () => {
    const { profile, createdAt } = authenticationSample();
    assert.deepEqual(enrichmentOf(authenticationDocument, profile, createdAt, fields), {
      eventTime: { instant: '2026-03-16T00:00:00.000Z', hasTimeOfDay: false },
      time: {
        day: '2026-03-16',
        week: '2026-W12',
        month: '2026-03',
        quarter: '2026-Q1',
        year: 2026,
        weekday: 'Monday',
        weekdayNumber: 1,
        hour: null,
      },
      age: 25,
      ageGroup: '18-60',
      factorCount: 2,
      authMethods: ['biometric', 'otp'],
      authType: 'biometric + otp',
      biometricAuth: true,
      location: { level1: 'Fes Meknes', level2: 'Fes', path: 'Fes Meknes > Fes', depth: 2 },
      biometrics: {
        count: 1,
        exceptions: null,
        device: ['Acme TAP1'],
        deviceSerial: ['AUTH-2210'],
        finger: {
          count: 1,
          qualityMean: 58,
          qualityMin: 58,
          attempts: null,
          exceptions: null,
          device: ['Acme TAP1'],
          deviceMake: ['Acme'],
          deviceModel: ['TAP1'],
        },
        iris: noCapture(null),
        face: noCapture(null),
      },
    });
    assert.equal(profile.success, false);
    assert.deepEqual(profile.errorCodes, ['IDA-BIA-001']);
  });
});
