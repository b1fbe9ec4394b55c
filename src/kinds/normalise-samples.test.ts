import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthenticationProfile } from './authentication/profile.ts';
import { readSample } from './fixtures/samples.ts';
import type { IssuanceProfile } from './issuance/profile.ts';
import { normalise } from './normalise.ts';
import type { RegistrationProfile } from './registration/profile.ts';

const unused = { startDateTime: null, endDateTime: null, device: null, operatorId: null, supervisorId: null };

describe('normalise: the four MOSIP samples', () => {
  it('prereg -> registration', () => {
    const s = readSample('prereg');
    const expected: RegistrationProfile = {
      processName: 'preregistration',
      processNameRaw: null,
      processStage: 'preregistration',
      status: 'Booked',
      statusRaw: null,
      date: '2026-03-14T09:21:44.498Z',
      ...unused,
      yearOfBirth: 1991,
      gender: 'Female',
      genderRaw: null,
      location: ['Rabat Sale Kenitra', 'Kenitra', null],
      preferredLanguages: ['fra'],
      channel: ['email', 'phone'],
      exceptions: null,
      verified: null,
      biometrics: null,
      documents: ['POA', 'POI'],
      registrationCenterId: '10011',
    };
    assert.deepEqual(normalise('registration', s.text, s.context), {
      ok: true,
      profile: expected,
      issues: [],
    });
  });

  it('regprc -> registration', () => {
    const s = readSample('regprc');
    const device = (
      serialNo: string,
      model: string,
      type: string,
      deviceSubType: string,
      dateTime: string,
    ) => ({
      serialNo,
      make: 'MOSIP',
      model,
      type,
      deviceSubType,
      deviceProvider: 'MOSIP',
      dateTime,
    });
    const slap = (dateTime: string) => device('FS-100342', 'SLAP01', 'Finger', 'Slap', dateTime);
    const expected: RegistrationProfile = {
      processName: 'NEW',
      processNameRaw: null,
      processStage: 'PrintingStage',
      status: 'PROCESSED',
      statusRaw: null,
      date: '2026-03-15T00:00:00.000Z',
      startDateTime: '2026-03-15T10:41:02.000Z',
      endDateTime: '2026-03-15T11:02:08.913Z',
      yearOfBirth: 1958,
      gender: 'Male',
      genderRaw: null,
      location: ['Rabat Sale Kenitra', 'Kenitra'],
      preferredLanguages: ['ara', 'fra'],
      channel: ['email', 'phone'],
      exceptions: [{ type: 'FINGER', subType: 'Left LittleFinger' }],
      verified: [],
      biometrics: [
        {
          type: 'FINGER',
          subType: 'Left IndexFinger',
          qualityScore: 82,
          attempts: 1,
          digitalId: slap('2026-03-15T10:44:51.120Z'),
        },
        {
          type: 'FINGER',
          subType: 'Right Thumb',
          qualityScore: 64,
          attempts: 2,
          digitalId: slap('2026-03-15T10:45:30.002Z'),
        },
        {
          type: 'IRIS',
          subType: 'Left',
          qualityScore: 91,
          attempts: 1,
          digitalId: device('IR-55120', 'DUAL01', 'Iris', 'Double', '2026-03-15T10:47:12.640Z'),
        },
        {
          type: 'FACE',
          subType: null,
          qualityScore: 77,
          attempts: 1,
          digitalId: device('FC-7781', 'CAM01', 'Face', 'Full face', '2026-03-15T10:49:03.377Z'),
        },
      ],
      documents: ['CIN', 'RNC'],
      registrationCenterId: '10011',
      device: {
        id: '10011_10042',
        software: 'registration-client',
        version: '1.2.0.2',
        os: null,
        browser: null,
        browserVersion: null,
        year: null,
      },
      operatorId: '110118',
      supervisorId: '110119',
    };
    assert.deepEqual(normalise('registration', s.text, s.context), {
      ok: true,
      profile: expected,
      issues: [],
    });
  });

  it('idrepo -> issuance', () => {
    const s = readSample('idrepo');
    const fingerprint = {
      type: 'FINGER' as const,
      subType: 'Right IndexFinger',
      qualityScore: 71,
      attempts: 1,
      digitalId: {
        serialNo: 'FS-0931',
        make: 'MOSIP',
        model: 'SLAP01',
        type: null,
        deviceSubType: null,
        deviceProvider: null,
        dateTime: null,
      },
    };
    const expected: IssuanceProfile = {
      processName: 'UPDATE',
      date: '2026-03-15T00:00:00.000Z',
      oldProfile: {
        yearOfBirth: 1987,
        gender: 'Female',
        genderRaw: null,
        location: ['Tanger Tetouan Al Hoceima', 'Tetouan'],
        preferredLanguages: ['ara'],
        channel: ['phone'],
        exceptions: [],
        verified: [],
        biometrics: [fingerprint],
        documents: ['POA'],
      },
      newProfile: {
        yearOfBirth: 1987,
        gender: 'Female',
        genderRaw: null,
        location: ['Tanger Tetouan Al Hoceima', 'Tanger'],
        preferredLanguages: ['ara'],
        channel: ['phone', 'email'],
        exceptions: [],
        verified: ['email'],
        biometrics: [fingerprint],
        documents: ['POA', 'POI'],
      },
    };
    assert.deepEqual(normalise('issuance', s.text, s.context), { ok: true, profile: expected, issues: [] });
  });

  it('ida -> authentication', () => {
    const s = readSample('ida');
    const expected: AuthenticationProfile = {
      partnerName: 'Bank of Fes',
      date: '2026-03-16T00:00:00.000Z',
      yearOfBirth: 2001,
      gender: 'Male',
      genderRaw: null,
      location: ['Fes Meknes', 'Fes'],
      preferredLanguages: ['ara'],
      authFactors: ['FINGER', 'OTP'],
      biometrics: [
        {
          type: 'FINGER',
          subType: 'Left Thumb',
          qualityScore: 58,
          attempts: null,
          digitalId: {
            serialNo: 'AUTH-2210',
            make: 'Acme',
            model: 'TAP1',
            type: null,
            deviceSubType: null,
            deviceProvider: null,
            dateTime: null,
          },
        },
      ],
      success: false,
      errorCodes: ['IDA-BIA-001'],
    };
    assert.deepEqual(normalise('authentication', s.text, s.context), {
      ok: true,
      profile: expected,
      issues: [],
    });
  });

  // Compared parsed, not byte for byte: the formatter may lay the copies out differently.
});
