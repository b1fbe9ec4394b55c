import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejection } from './fixtures/normalised.ts';
import { normalise } from './normalise.ts';

const row = { createdAt: '2026-03-15T11:02:09.104' };

/** Asserts the profile is rejected with a reason matching `expected`. */
function rejects(kind: Parameters<typeof rejection>[0], profile: unknown, expected: RegExp): void {
  assert.match(rejection(kind, profile, row), expected);
}

describe('normalise: impossible rows are rejected with a reason', () => {
  describe('not a JSON object', () => {
    it('unparseable JSON', () => {
      rejects('registration', '{"processName": "NEW",', /^profile is not valid JSON \(/);
      rejects('registration', '', /^profile is not valid JSON/);
    });

    it('JSON that is not an object', () => {
      rejects('registration', '[1,2]', /^profile is JSON array, not an object$/);
      rejects('issuance', 'null', /^profile is JSON null, not an object$/);
      rejects('authentication', '"{}"', /^profile is JSON string, not an object$/);
      rejects('authentication', '42', /^profile is JSON number, not an object$/);
    });
  });

  describe('yearOfBirth', () => {
    it('in the future of the event (negative age)', () => {
      rejects(
        'registration',
        { date: '2026-03-15', yearOfBirth: 3050 },
        /^yearOfBirth: 3050 is after the event year 2026$/,
      );
      rejects(
        'authentication',
        { date: '2020-01-01', yearOfBirth: '2021' },
        /^yearOfBirth: "2021" is after the event year 2020$/,
      );
    });

    it('measured against cr_dtimes when the profile has no date', () => {
      rejects('registration', { yearOfBirth: '2027' }, /after the event year 2026/);
    });

    it('negative, more than 150 years back, fractional or not a number', () => {
      rejects('registration', { yearOfBirth: -1987 }, /^yearOfBirth: -1987 is negative$/);
      rejects(
        'registration',
        { yearOfBirth: '1850' },
        /^yearOfBirth: "1850" is more than 150 years before 2026$/,
      );
      rejects('registration', { yearOfBirth: 87 }, /more than 150 years/);
      rejects('registration', { yearOfBirth: 1991.5 }, /^yearOfBirth: 1991.5 is not a whole number$/);
      rejects('registration', { yearOfBirth: 'unknown' }, /^yearOfBirth: not a number: "unknown"$/);
      rejects('registration', { yearOfBirth: true }, /^yearOfBirth: expected a number, got true$/);
    });

    it('inside an issuance sub-profile', () => {
      const profile = {
        processName: 'Update',
        date: '2026-03-15',
        oldProfile: { yearOfBirth: '3050' },
        newProfile: {},
      };
      rejects('issuance', profile, /^oldProfile.yearOfBirth: "3050" is after the event year 2026$/);
    });
  });

  describe('biometrics', () => {
    const bio = (b: object) => ({ biometricInfo: [{ type: 'FINGER', ...b }] });

    it('qualityScore outside 0..100 or not a number', () => {
      rejects(
        'registration',
        bio({ qualityScore: 130 }),
        /^biometricInfo\[0\].qualityScore: 130 is outside 0..100$/,
      );
      rejects(
        'authentication',
        bio({ qualityScore: '-1' }),
        /^biometricInfo\[0\].qualityScore: "-1" is outside 0..100$/,
      );
      rejects('authentication', bio({ qualityScore: 'good' }), /qualityScore: not a number: "good"$/);
    });

    it('attempts negative or fractional', () => {
      rejects('registration', bio({ attempts: '-1' }), /^biometricInfo\[0\].attempts: "-1" is outside 0\.\./);
      rejects(
        'registration',
        bio({ attempts: '1.5' }),
        /^biometricInfo\[0\].attempts: "1.5" is not a whole number$/,
      );
    });

    it('an unknown or missing modality', () => {
      rejects(
        'registration',
        bio({ type: 'VOICE' }),
        /^biometricInfo\[0\].type: unknown modality "VOICE" \(known: FINGER, IRIS, FACE\)$/,
      );
      rejects('registration', { biometricInfo: [{ subType: 'Left' }] }, /^biometricInfo\[0\].type: missing$/);
      rejects(
        'registration',
        { exceptions: [{ type: 'Palm' }] },
        /^exceptions\[0\].type: unknown modality "Palm"/,
      );
    });

    it('entries that are not objects, lists that are not lists', () => {
      rejects(
        'registration',
        { biometricInfo: [null] },
        /^biometricInfo\[0\]: expected an object, got null$/,
      );
      rejects(
        'registration',
        { biometricInfo: ['FINGER'] },
        /^biometricInfo\[0\]: expected an object, got "FINGER"$/,
      );
      rejects('authentication', { biometricInfo: { type: 'FINGER' } }, /^biometricInfo: expected an array/);
    });

    it('names the entry at fault in an issuance sub-profile', () => {
      const newProfile = { biometricInfo: [{ type: 'Finger' }, { type: 'Finger', qualityScore: '101' }] };
      rejects(
        'issuance',
        { processName: 'New', newProfile },
        /^newProfile.biometricInfo\[1\].qualityScore: "101"/,
      );
    });
  });

  describe('dates', () => {
    it('unparseable or impossible calendar dates', () => {
      rejects('authentication', { date: '16/03/2026' }, /^date: not a date: "16\/03\/2026"$/);
      rejects('authentication', { date: '2026-02-30' }, /^date: not a date: "2026-02-30"$/);
      rejects('authentication', { date: '2026-13-01' }, /^date: not a date/);
      rejects('authentication', { date: '2026-03-16T25:00:00' }, /^date: not a date/);
      rejects('registration', { startDateTime: 'yesterday' }, /^startDateTime: not a date: "yesterday"$/);
      rejects(
        'registration',
        { endDateTime: 1773571328913 },
        /^endDateTime: expected a date string, got 1773571328913$/,
      );
    });
  });

  describe('shapes no service writes', () => {
    it('a list where a list belongs, an object where an object belongs', () => {
      rejects('registration', { location: 'Rabat' }, /^location: expected an array, got "Rabat"$/);
      rejects('registration', { channel: 'email' }, /^channel: expected an array, got "email"$/);
      rejects('registration', { device: 'tablet' }, /^device: expected an object, got "tablet"$/);
      rejects('registration', { gender: 1 }, /^gender: expected a string, got 1$/);
      rejects('registration', { location: ['Rabat', 5] }, /^location\[1\]: expected a string, got 5$/);
    });
  });

  describe('issuance', () => {
    it('a processName other than New or Update', () => {
      rejects(
        'issuance',
        { processName: 'Lost', newProfile: { gender: 'Male' } },
        /^processName: expected New or Update, got "Lost"$/,
      );
      rejects('issuance', { newProfile: { gender: 'Male' } }, /^processName: missing$/);
    });

    it('no newProfile (a registration profile fed to the issuance normaliser, say)', () => {
      rejects('issuance', { processName: 'New', oldProfile: {} }, /^newProfile: missing or empty$/);
      rejects('issuance', { processName: 'New', newProfile: {} }, /^newProfile: missing or empty$/);
      rejects('issuance', { processName: 'New', newProfile: [] }, /^newProfile: expected an object/);
    });
  });

  describe('authentication', () => {
    it('a status other than success or failure', () => {
      rejects(
        'authentication',
        { status: 'pending' },
        /^status: expected success or failure, got "pending"$/,
      );
      rejects('authentication', { status: 1 }, /^status: expected success or failure, got 1$/);
    });
  });

  it('cuts long values short in reasons', () => {
    const reason = rejection('registration', { gender: { text: 'x'.repeat(500) } });
    assert.ok(reason.length < 120, reason);
  });

  it('never throws for bad input', () => {
    for (const text of ['', '{', '[]', 'null', '{"biometricInfo": [[]]}', '{"location": {}}']) {
      assert.equal(normalise('registration', text).ok, false, text);
    }
  });
});
