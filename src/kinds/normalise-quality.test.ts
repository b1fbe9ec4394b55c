import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueCodes } from '../normalise/rejection.ts';
import type { BuiltInKind } from './index.ts';
import { normalise } from './normalise.ts';

const row = { createdAt: '2026-03-15T11:02:09.104' };

/** Every issue code the tests below have produced. */
const codesSeen = new Set<string>();

/** The profile's canonical form and its issues as "field:issue"; fails when the profile is refused whole. */
function read(kind: BuiltInKind, profile: unknown): { profile: Record<string, unknown>; issues: string[] } {
  const result = normalise(kind, typeof profile === 'string' ? profile : JSON.stringify(profile), row);
  if (!result.ok) assert.fail(`refused whole: ${result.reason}`);
  for (const i of result.issues) codesSeen.add(i.issue);
  return {
    profile: result.profile as unknown as Record<string, unknown>,
    issues: result.issues.map((i) => `${i.field}:${i.issue}`),
  };
}

/** Asserts the profile is kept, `field` is null in it, and the issues are exactly `expected`. */
function costsField(kind: BuiltInKind, profile: unknown, field: string, expected: string[]): void {
  const read_ = read(kind, profile);
  assert.equal(read_.profile[field] ?? null, null, `${field} is unknown`);
  assert.deepEqual(read_.issues, expected);
}

/** The reason a text is refused whole (not a usable profile at all). */
function refused(kind: BuiltInKind, text: string): string {
  const result = normalise(kind, text, row);
  if (result.ok) assert.fail('accepted');
  return result.reason;
}

describe('normalise: a bad field costs that field, not the record', () => {
  describe('only what is no profile at all is refused whole', () => {
    it('not JSON, or JSON that is not an object', () => {
      assert.match(refused('registration', '{"processName": "NEW",'), /^profile is not valid JSON \(/);
      assert.match(refused('registration', ''), /^profile is not valid JSON/);
      assert.match(refused('registration', '[1,2]'), /^profile is JSON array, not an object$/);
      assert.match(refused('issuance', 'null'), /^profile is JSON null, not an object$/);
      assert.match(refused('authentication', '"{}"'), /^profile is JSON string, not an object$/);
      assert.match(refused('authentication', '42'), /^profile is JSON number, not an object$/);
    });

    it('a clean profile has no issue', () => {
      assert.deepEqual(
        read('registration', { gender: 'Female', yearOfBirth: 1990, date: '2026-03-15' }).issues,
        [],
      );
    });
  });

  describe('yearOfBirth', () => {
    it('after the event, too old, negative, fractional, not a number, of the wrong type', () => {
      costsField('registration', { date: '2026-03-15', yearOfBirth: 3050 }, 'yearOfBirth', [
        'yearOfBirth:after-event',
      ]);
      costsField('authentication', { date: '2020-01-01', yearOfBirth: '2021' }, 'yearOfBirth', [
        'yearOfBirth:after-event',
      ]);
      costsField('registration', { yearOfBirth: '2027' }, 'yearOfBirth', ['yearOfBirth:after-event']);
      costsField('registration', { yearOfBirth: '1850' }, 'yearOfBirth', ['yearOfBirth:too-old']);
      costsField('registration', { yearOfBirth: -1987 }, 'yearOfBirth', ['yearOfBirth:negative']);
      costsField('registration', { yearOfBirth: 1991.5 }, 'yearOfBirth', ['yearOfBirth:not-whole']);
      costsField('registration', { yearOfBirth: 'unknown' }, 'yearOfBirth', ['yearOfBirth:not-a-number']);
      costsField('registration', { yearOfBirth: true }, 'yearOfBirth', ['yearOfBirth:wrong-type']);
    });

    it('the rest of the profile stays', () => {
      const { profile } = read('registration', { date: '2026-03-15', yearOfBirth: 3050, gender: 'Female' });
      assert.equal(profile.gender, 'Female');
      assert.equal(profile.date, '2026-03-15T00:00:00.000Z');
    });

    it('inside an issuance sub-profile, named by its path', () => {
      const profile = {
        processName: 'Update',
        date: '2026-03-15',
        oldProfile: { yearOfBirth: '3050' },
        newProfile: { gender: 'Male' },
      };
      const { profile: p, issues } = read('issuance', profile);
      assert.deepEqual(issues, ['oldProfile.yearOfBirth:after-event']);
      assert.equal((p.oldProfile as { yearOfBirth: unknown }).yearOfBirth, null);
    });
  });

  describe('biometrics', () => {
    const bio = (b: object) => ({ biometricInfo: [{ type: 'FINGER', ...b }] });
    const capture = (kind: BuiltInKind, profile: object) =>
      (read(kind, profile).profile.biometrics as Record<string, unknown>[])[0] ?? {};

    it('a score out of range, NaN, infinite or no number costs the score; the capture is counted', () => {
      for (const [score, issue] of [
        [130, 'out-of-range'],
        ['-1', 'out-of-range'],
        ['NaN', 'not-a-number'],
        ['Infinity', 'not-a-number'],
        ['good', 'not-a-number'],
      ] as const) {
        const profile = bio({ qualityScore: score, attempts: 2 });
        assert.deepEqual(
          read('authentication', profile).issues,
          [`biometricInfo.qualityScore:${issue}`],
          String(score),
        );
        assert.deepEqual(capture('authentication', profile), {
          type: 'FINGER',
          subType: null,
          qualityScore: null,
          attempts: 2,
          digitalId: null,
        });
      }
    });

    it('a number too large for a double (Infinity once parsed) costs the score', () => {
      const text = '{"biometricInfo": [{"type": "FINGER", "qualityScore": 1e400}]}';
      assert.deepEqual(read('registration', text).issues, ['biometricInfo.qualityScore:not-a-number']);
    });

    it('attempts negative or fractional cost the attempts', () => {
      assert.deepEqual(read('registration', bio({ attempts: '-1' })).issues, [
        'biometricInfo.attempts:out-of-range',
      ]);
      assert.deepEqual(read('registration', bio({ attempts: '1.5' })).issues, [
        'biometricInfo.attempts:not-whole',
      ]);
    });

    it('a capture of no known modality, or not an object, cannot be counted: it is left out', () => {
      const profile = {
        biometricInfo: [
          { type: 'VOICE' },
          { subType: 'Left' },
          null,
          'FINGER',
          { type: 'Iris', qualityScore: 80 },
        ],
      };
      const { profile: p, issues } = read('registration', profile);
      assert.deepEqual(issues, [
        'biometricInfo.type:unknown-code',
        'biometricInfo.type:missing',
        'biometricInfo:wrong-type',
      ]);
      assert.deepEqual(
        (p.biometrics as { type: string }[]).map((b) => b.type),
        ['IRIS'],
      );
      assert.deepEqual(read('registration', { exceptions: [{ type: 'Palm' }] }).issues, [
        'exceptions.type:unknown-code',
      ]);
    });

    it('a list that is not a list, or far too long a one', () => {
      costsField('authentication', { biometricInfo: { type: 'FINGER' } }, 'biometrics', [
        'biometricInfo:wrong-type',
      ]);
      const many = { biometricInfo: Array.from({ length: 500 }, () => ({ type: 'FINGER' })) };
      costsField('registration', many, 'biometrics', ['biometricInfo:too-many']);
    });
  });

  describe('dates', () => {
    it('unparseable or impossible calendar dates cost the date', () => {
      for (const date of ['16/03/2026', '2026-02-30', '2026-13-01', '2026-03-16T25:00:00'])
        costsField('authentication', { date }, 'date', ['date:impossible-date']);
      costsField('registration', { startDateTime: 'yesterday' }, 'startDateTime', [
        'startDateTime:impossible-date',
      ]);
      costsField('registration', { endDateTime: 1773571328913 }, 'endDateTime', ['endDateTime:wrong-type']);
    });
  });

  describe('shapes no service writes', () => {
    it('a list where a list belongs, an object where an object belongs, a text where a text belongs', () => {
      costsField('registration', { location: 'Rabat' }, 'location', ['location:wrong-type']);
      costsField('registration', { channel: 'email' }, 'channel', ['channel:wrong-type']);
      costsField('registration', { device: 'tablet' }, 'device', ['device:wrong-type']);
      costsField('registration', { gender: 1 }, 'gender', ['gender:wrong-type']);
    });

    it('an element of a list costs that element: a location level stays in place as unknown', () => {
      const { profile, issues } = read('registration', {
        location: ['Rabat', 5, 'Agdal'],
        documents: ['POA', {}, 'CIN'],
      });
      assert.deepEqual(profile.location, ['Rabat', null, 'Agdal']);
      assert.deepEqual(profile.documents, ['POA', 'CIN']);
      assert.deepEqual(issues, ['location:wrong-type', 'documents:wrong-type']);
    });

    it('over-long texts, too many levels, nesting deeper than any profile', () => {
      costsField('authentication', { partnerName: 'x'.repeat(5000) }, 'partnerName', [
        'partnerName:too-long',
      ]);
      costsField('registration', { location: Array.from({ length: 40 }, () => 'L') }, 'location', [
        'location:too-many',
      ]);
      const deep = `{"gender": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
      costsField('registration', deep, 'gender', ['gender:too-deep']);
    });
  });

  describe('issuance', () => {
    it('a processName other than New or Update is unknown', () => {
      const { profile, issues } = read('issuance', { processName: 'Lost', newProfile: { gender: 'Male' } });
      assert.equal(profile.processName, null);
      assert.deepEqual(issues, ['processName:unknown-code']);
      assert.deepEqual(read('issuance', { newProfile: { gender: 'Male' } }).issues, ['processName:missing']);
    });

    it('no newProfile: the identity is kept with its facts unknown', () => {
      costsField('issuance', { processName: 'New', oldProfile: {} }, 'newProfile', ['newProfile:missing']);
      costsField('issuance', { processName: 'New', newProfile: {} }, 'newProfile', ['newProfile:missing']);
      costsField('issuance', { processName: 'New', newProfile: [] }, 'newProfile', ['newProfile:wrong-type']);
    });
  });

  describe('authentication', () => {
    it('a status other than success or failure is unknown', () => {
      costsField('authentication', { status: 'pending' }, 'success', ['status:unknown-code']);
      costsField('authentication', { status: 1 }, 'success', ['status:wrong-type']);
    });

    it('a factor code nobody mapped is kept, and counted', () => {
      const { profile, issues } = read('authentication', { authFactors: ['OTP-AUTH', 'KBA-AUTH'] });
      assert.deepEqual(profile.authFactors, ['OTP-AUTH', 'KBA-AUTH']);
      assert.deepEqual(issues, ['authFactors:unknown-code']);
    });
  });

  it('one issue per field and code, and at most 32 per profile', () => {
    const location = Array.from({ length: 12 }, (_, i) => i);
    assert.deepEqual(read('registration', { location }).issues, ['location:wrong-type']);
    const many = Object.fromEntries(['gender', 'status', 'processName', 'processStage'].map((f) => [f, 1]));
    assert.equal(read('registration', many).issues.length, 4);
  });

  it('every issue code is one a test above produces', () => {
    assert.deepEqual(
      issueCodes.filter((code) => !codesSeen.has(code)),
      [],
    );
  });

  it('never throws for bad input', () => {
    for (const text of ['', '{', '[]', 'null', '{"biometricInfo": [[]]}', '{"location": {}}']) {
      assert.doesNotThrow(() => normalise('registration', text));
    }
  });
});
