import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrichAuthentication } from './authentication.ts';
import type { ModalitySummary } from './biometrics.ts';
import { authenticationSample, issuanceSample, registrationSample } from './fixtures/sample-profiles.ts';
import { enrichIssuance } from './issuance.ts';
import { enrichRegistration } from './registration.ts';

const noCapture = (exceptions: number | null): ModalitySummary => ({
  count: 0,
  qualityMean: null,
  qualityMin: null,
  attempts: 0,
  exceptions,
  device: [],
  deviceMake: [],
  deviceModel: [],
});

describe('enrichment of the four MOSIP samples (normalised first)', () => {
  it('prereg: its own date-time, age 35, the missing third level kept in place, no biometrics', () => {
    const { profile, createdAt } = registrationSample('prereg');
    assert.deepEqual(enrichRegistration(profile, createdAt), {
      eventTime: { instant: '2026-03-14T09:21:44.498Z', hasTimeOfDay: true },
      time: {
        day: '2026-03-14',
        week: '2026-W11',
        month: '2026-03',
        quarter: '2026-Q1',
        year: 2026,
        weekday: 'Saturday',
        weekdayNumber: 6,
        hour: 9,
      },
      age: 35,
      ageGroup: '18-60',
      location: {
        level1: 'Rabat Sale Kenitra',
        level2: 'Kenitra',
        level3: null,
        path: 'Rabat Sale Kenitra > Kenitra',
        depth: 2,
      },
      channelClass: 'phone and email',
      biometrics: null,
      processingSeconds: null,
    });
  });

  it('regprc: 1958 at 2026-03-15 -> 68 "60+", quality per modality, 1266.913 s of processing', () => {
    const { profile, createdAt } = registrationSample('regprc');
    assert.deepEqual(enrichRegistration(profile, createdAt), {
      // The bare date 2026-03-15 with the time of day of startDateTime (same day).
      eventTime: { instant: '2026-03-15T10:41:02.000Z', hasTimeOfDay: true },
      time: {
        day: '2026-03-15',
        week: '2026-W11',
        month: '2026-03',
        quarter: '2026-Q1',
        year: 2026,
        weekday: 'Sunday',
        weekdayNumber: 7,
        hour: 10,
      },
      age: 68,
      ageGroup: '60+',
      location: {
        level1: 'Rabat Sale Kenitra',
        level2: 'Kenitra',
        path: 'Rabat Sale Kenitra > Kenitra',
        depth: 2,
      },
      channelClass: 'phone and email',
      biometrics: {
        count: 4,
        exceptions: 1,
        device: ['MOSIP SLAP01', 'MOSIP DUAL01', 'MOSIP CAM01'],
        deviceSerial: ['FS-100342', 'IR-55120', 'FC-7781'],
        finger: {
          count: 2,
          qualityMean: 73,
          qualityMin: 64,
          attempts: 3,
          exceptions: 1,
          device: ['MOSIP SLAP01'],
          deviceMake: ['MOSIP'],
          deviceModel: ['SLAP01'],
        },
        iris: {
          count: 1,
          qualityMean: 91,
          qualityMin: 91,
          attempts: 1,
          exceptions: 0,
          device: ['MOSIP DUAL01'],
          deviceMake: ['MOSIP'],
          deviceModel: ['DUAL01'],
        },
        face: {
          count: 1,
          qualityMean: 77,
          qualityMin: 77,
          attempts: 1,
          exceptions: 0,
          device: ['MOSIP CAM01'],
          deviceMake: ['MOSIP'],
          deviceModel: ['CAM01'],
        },
      },
      processingSeconds: 1266.913,
    });
  });

  it('regprc written at the sync stage (yearOfBirth 0): age group unknown, not MOSIP\'s "60 and above"', () => {
    const { profile, createdAt } = registrationSample('regprc');
    const enrichment = enrichRegistration({ ...profile, yearOfBirth: null }, createdAt);
    assert.equal(enrichment.age, null);
    assert.equal(enrichment.ageGroup, 'unknown');
  });

  it("idrepo: the new profile's demographics, a bare date (no hour), the fields the update changed", () => {
    const { profile, createdAt } = issuanceSample();
    assert.deepEqual(enrichIssuance(profile, createdAt), {
      eventTime: { instant: '2026-03-15T00:00:00.000Z', hasTimeOfDay: false },
      time: {
        day: '2026-03-15',
        week: '2026-W11',
        month: '2026-03',
        quarter: '2026-Q1',
        year: 2026,
        weekday: 'Sunday',
        weekdayNumber: 7,
        hour: null,
      },
      age: 39,
      ageGroup: '18-60',
      location: {
        level1: 'Tanger Tetouan Al Hoceima',
        level2: 'Tanger',
        path: 'Tanger Tetouan Al Hoceima > Tanger',
        depth: 2,
      },
      channelClass: 'phone and email',
      biometrics: {
        count: 1,
        exceptions: 0,
        device: ['MOSIP SLAP01'],
        deviceSerial: ['FS-0931'],
        finger: {
          count: 1,
          qualityMean: 71,
          qualityMin: 71,
          attempts: 1,
          exceptions: 0,
          device: ['MOSIP SLAP01'],
          deviceMake: ['MOSIP'],
          deviceModel: ['SLAP01'],
        },
        iris: noCapture(0),
        face: noCapture(0),
      },
      isNew: false,
      changedFields: ['location', 'channel', 'verified', 'documents'],
    });
  });

  it('ida: a failed finger + OTP authentication', () => {
    const { profile, createdAt } = authenticationSample();
    assert.deepEqual(enrichAuthentication(profile, createdAt), {
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
