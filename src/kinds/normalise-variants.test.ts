import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalised } from './fixtures/normalised.ts';
import { normalise } from './normalise.ts';

const row = { createdAt: '2026-03-15T11:02:09.104' };

describe('normalise: every spelling and type the services write', () => {
  describe('numbers', () => {
    it('yearOfBirth as a string (prereg, idrepo, ida) or a number (regprc)', () => {
      assert.equal(normalised('registration', { yearOfBirth: '1991' }, row).yearOfBirth, 1991);
      assert.equal(normalised('registration', { yearOfBirth: 1991 }, row).yearOfBirth, 1991);
      assert.equal(normalised('registration', { yearOfBirth: ' 1991 ' }, row).yearOfBirth, 1991);
      assert.equal(normalised('authentication', { yearOfBirth: '2001' }, row).yearOfBirth, 2001);
    });

    it('unknown yearOfBirth: "" (prereg) and 0 (regprc at the sync stage) -> null', () => {
      for (const yearOfBirth of ['', 0, '0', null]) {
        assert.equal(
          normalised('registration', { yearOfBirth }, row).yearOfBirth,
          null,
          JSON.stringify(yearOfBirth),
        );
      }
      assert.equal(normalised('registration', {}, row).yearOfBirth, null);
    });

    it('yearOfBirth of the event year (a newborn) is kept', () => {
      assert.equal(normalised('registration', { date: '2026-03-15', yearOfBirth: '2026' }).yearOfBirth, 2026);
    });

    it('qualityScore as a number (regprc) or a string (ida, idrepo); "" -> null', () => {
      const score = (qualityScore: unknown) =>
        normalised('authentication', { biometricInfo: [{ type: 'FACE', qualityScore }] }).biometrics?.[0]
          ?.qualityScore;
      assert.equal(score('58'), 58);
      assert.equal(score(82), 82);
      assert.equal(score('72.5'), 72.5);
      assert.equal(score(0), 0);
      assert.equal(score('100'), 100);
      assert.equal(score(''), null);
      assert.equal(score(null), null);
    });

    it('attempts as a string (regprc, idrepo) or a number', () => {
      const attempts = (value: unknown) =>
        normalised('registration', { biometricInfo: [{ type: 'IRIS', attempts: value }] }).biometrics?.[0]
          ?.attempts;
      assert.equal(attempts('1'), 1);
      assert.equal(attempts(2), 2);
      assert.equal(attempts(''), null);
    });
  });

  describe('timestamps (UTC when the zone is missing)', () => {
    const date = (value: string) => normalised('authentication', { date: value }).date;

    it('a bare date (regprc, idrepo, ida) is midnight UTC', () => {
      assert.equal(date('2026-03-16'), '2026-03-16T00:00:00.000Z');
    });

    it('a date-time without zone (prereg) is UTC', () => {
      assert.equal(date('2026-03-14T09:21:44.498'), '2026-03-14T09:21:44.498Z');
    });

    it('a date-time with Z or an offset keeps its instant', () => {
      assert.equal(date('2026-03-15T10:41:02.000Z'), '2026-03-15T10:41:02.000Z');
      assert.equal(date('2026-03-15T12:41:02+02:00'), '2026-03-15T10:41:02.000Z');
      assert.equal(date('2026-03-15T05:11:02-0530'), '2026-03-15T10:41:02.000Z');
    });

    it("Java's LocalDateTime forms: no seconds, micro/nanoseconds; PostgreSQL's space", () => {
      assert.equal(date('2026-03-14T09:21'), '2026-03-14T09:21:00.000Z');
      assert.equal(date('2026-03-14T09:21:44.498123456'), '2026-03-14T09:21:44.498Z');
      assert.equal(date('2026-03-14T09:21:44.5'), '2026-03-14T09:21:44.500Z');
      assert.equal(date('2026-03-14 09:21:44.512'), '2026-03-14T09:21:44.512Z');
    });

    it('"" -> null', () => {
      assert.equal(date(''), null);
    });

    it('startDateTime and endDateTime (regprc)', () => {
      const p = normalised('registration', {
        startDateTime: '2026-03-15T10:41:02.000Z',
        endDateTime: '2026-03-15T11:02:08.913',
      });
      assert.equal(p.startDateTime, '2026-03-15T10:41:02.000Z');
      assert.equal(p.endDateTime, '2026-03-15T11:02:08.913Z');
    });
  });

  describe('singular / plural and other names for one field', () => {
    it('preferredLanguage "fra" (prereg, idrepo) and preferredLanguages [...] (regprc, ida, spec)', () => {
      assert.deepEqual(normalised('registration', { preferredLanguage: 'fra' }).preferredLanguages, ['fra']);
      assert.deepEqual(
        normalised('registration', { preferredLanguages: ['ara', 'fra'] }).preferredLanguages,
        ['ara', 'fra'],
      );
      assert.deepEqual(normalised('authentication', { preferredLanguage: 'FRA, ara' }).preferredLanguages, [
        'fra',
        'ara',
      ]);
      assert.deepEqual(normalised('registration', { preferredLanguage: '' }).preferredLanguages, []);
    });

    it('enrollmentCenterId (services) and registrationCenterId (spec) -> registrationCenterId', () => {
      assert.equal(normalised('registration', { enrollmentCenterId: '10011' }).registrationCenterId, '10011');
      assert.equal(
        normalised('registration', { registrationCenterId: '10011' }).registrationCenterId,
        '10011',
      );
      assert.equal(normalised('registration', { enrollmentCenterId: 10011 }).registrationCenterId, '10011');
      assert.equal(normalised('registration', { enrollmentCenterId: '' }).registrationCenterId, null);
    });

    it('subType (regprc, idrepo, spec) and subtype (ida)', () => {
      const sub = (b: object) =>
        normalised('authentication', { biometricInfo: [{ type: 'FINGER', ...b }] }).biometrics?.[0]?.subType;
      assert.equal(sub({ subType: 'Left RingFinger' }), 'Left RingFinger');
      assert.equal(sub({ subtype: 'Left Thumb' }), 'Left Thumb');
    });

    it('errorCode (ida) and errorCodes, a list or a lone code', () => {
      assert.deepEqual(normalised('authentication', { errorCode: ['IDA-BIA-001'] }).errorCodes, [
        'IDA-BIA-001',
      ]);
      assert.deepEqual(normalised('authentication', { errorCodes: ['IDA-MLC-009'] }).errorCodes, [
        'IDA-MLC-009',
      ]);
      assert.deepEqual(normalised('authentication', { errorCode: 'IDA-BIA-001' }).errorCodes, [
        'IDA-BIA-001',
      ]);
      assert.deepEqual(normalised('authentication', { status: 'success', errorCode: [] }).errorCodes, []);
    });

    it("processStage from the JSON, else from regprc's process_stage column", () => {
      assert.equal(
        normalised('registration', { processStage: 'PrintingStage' }, { processStage: 'X' }).processStage,
        'PrintingStage',
      );
      assert.equal(
        normalised('registration', {}, { processStage: 'PacketReceiverStage' }).processStage,
        'PacketReceiverStage',
      );
    });
  });

  describe('biometrics', () => {
    const modality = (type: string) =>
      normalised('registration', { biometricInfo: [{ type }] }).biometrics?.[0]?.type;

    it('type FINGER (regprc), Finger (idrepo, ida), finger -> FINGER; likewise IRIS and FACE', () => {
      for (const type of ['FINGER', 'Finger', 'finger', ' Finger ']) assert.equal(modality(type), 'FINGER');
      for (const type of ['IRIS', 'Iris', 'iris']) assert.equal(modality(type), 'IRIS');
      for (const type of ['FACE', 'Face', 'face']) assert.equal(modality(type), 'FACE');
    });

    it('sub type spellings -> the CBEFF spelling; "" (face) -> null; an unknown one is kept', () => {
      const sub = (subType: string) =>
        normalised('registration', { biometricInfo: [{ type: 'FINGER', subType }] }).biometrics?.[0]?.subType;
      assert.equal(sub('Left IndexFinger'), 'Left IndexFinger');
      assert.equal(sub('left indexfinger'), 'Left IndexFinger');
      assert.equal(sub('Left Index Finger'), 'Left IndexFinger');
      assert.equal(sub('RIGHT_THUMB'), 'Right Thumb');
      assert.equal(sub('left'), 'Left');
      assert.equal(sub(''), null);
      assert.equal(sub('Left Toe'), 'Left Toe');
    });

    it('digitalId as a JSON string (all services) -> the device', () => {
      const digitalId = JSON.stringify({
        serialNo: 'FS-100342',
        make: 'MOSIP',
        model: 'SLAP01',
        type: 'Finger',
        deviceSubType: 'Slap',
        deviceProvider: 'MOSIP',
        deviceProviderId: 'MOSIP.PROXY.SBI',
        dateTime: '2026-03-15T10:44:51.120+05:30',
      });
      const b = normalised('registration', { biometricInfo: [{ type: 'FINGER', digitalId }] })
        .biometrics?.[0];
      assert.deepEqual(b?.digitalId, {
        serialNo: 'FS-100342',
        make: 'MOSIP',
        model: 'SLAP01',
        type: 'Finger',
        deviceSubType: 'Slap',
        deviceProvider: 'MOSIP',
        dateTime: '2026-03-15T05:14:51.120Z',
      });
    });

    it('digitalId as an object, or a signed JWT whose payload is the device', () => {
      const device = { serialNo: 'S1', make: 'M', model: 'X' };
      const expected = { ...device, type: null, deviceSubType: null, deviceProvider: null, dateTime: null };
      const jwt = ['{"alg":"RS256"}', JSON.stringify(device), 'signature']
        .map((part) => Buffer.from(part).toString('base64url'))
        .join('.');
      for (const digitalId of [device, jwt]) {
        const b = normalised('authentication', { biometricInfo: [{ type: 'FACE', digitalId }] })
          .biometrics?.[0];
        assert.deepEqual(b?.digitalId, expected);
      }
    });

    it('an unparseable or empty digitalId is null and the row is kept', () => {
      for (const digitalId of ['{not json', 'FS-100342', '', '{}', '[1,2]', 42, null]) {
        const b = normalised('registration', { biometricInfo: [{ type: 'FACE', digitalId }] })
          .biometrics?.[0];
        assert.equal(b?.digitalId, null, JSON.stringify(digitalId));
      }
    });

    it('a bad field inside a digitalId is null, the rest is kept', () => {
      const digitalId = JSON.stringify({ serialNo: 'S1', dateTime: 'yesterday', make: 7 });
      const b = normalised('registration', { biometricInfo: [{ type: 'FACE', digitalId }] }).biometrics?.[0];
      assert.deepEqual(b?.digitalId, {
        serialNo: 'S1',
        make: '7',
        model: null,
        type: null,
        deviceSubType: null,
        deviceProvider: null,
        dateTime: null,
      });
    });

    it('exceptions [{type, subType}] in any case', () => {
      const p = normalised('registration', {
        exceptions: [
          { type: 'Finger', subType: 'Left LittleFinger' },
          { type: 'IRIS', subtype: 'right' },
        ],
      });
      assert.deepEqual(p.exceptions, [
        { type: 'FINGER', subType: 'Left LittleFinger' },
        { type: 'IRIS', subType: 'Right' },
      ]);
    });
  });

  describe('lists', () => {
    it('channel ["email","phone"] (prereg, regprc), ["PHONE","EMAIL"] (idrepo), [null,null] (regprc)', () => {
      const channel = (value: unknown) => normalised('registration', { channel: value }).channel;
      assert.deepEqual(channel(['email', 'phone']), ['email', 'phone']);
      assert.deepEqual(channel(['PHONE', 'EMAIL']), ['phone', 'email']);
      assert.deepEqual(channel([null, null]), []);
      assert.deepEqual(channel(['Email', null, 'email', '']), ['email']);
      assert.equal(channel(undefined), null);
    });

    it('location: "" and null levels -> null in place, names trimmed, trailing levels kept', () => {
      const location = (value: unknown) => normalised('registration', { location: value }).location;
      assert.deepEqual(location(['Rabat Sale Kenitra', 'Kenitra', '']), [
        'Rabat Sale Kenitra',
        'Kenitra',
        null,
      ]);
      assert.deepEqual(location(['', ' Kenitra ', null]), [null, 'Kenitra', null]);
      assert.deepEqual(location([]), []);
    });

    it('authFactors upper-cased (ida)', () => {
      assert.deepEqual(
        normalised('authentication', { authFactors: ['FINGER', 'otp', 'Demo', 'otp'] }).authFactors,
        ['FINGER', 'OTP', 'DEMO'],
      );
    });

    it('documents and verified as written, without "" or null', () => {
      const p = normalised('registration', {
        documents: ['POA', '', null, 'POI'],
        verified: ['email', null],
      });
      assert.deepEqual(p.documents, ['POA', 'POI']);
      assert.deepEqual(p.verified, ['email']);
    });
  });

  describe('registration specifics', () => {
    it('assisted [operatorId, supervisorId] (regprc)', () => {
      const p = (assisted: unknown) => {
        const { operatorId, supervisorId } = normalised('registration', { assisted });
        return [operatorId, supervisorId];
      };
      assert.deepEqual(p(['110118', '110119']), ['110118', '110119']);
      assert.deepEqual(p(['110118']), ['110118', null]);
      assert.deepEqual(p(['', null]), [null, null]);
      assert.deepEqual(p([]), [null, null]);
      assert.deepEqual(p(null), [null, null]);
    });

    it('device{} with "" fields -> nulls; all empty -> null', () => {
      const empty = { os: '', browser: '', browserVersion: '', software: '', version: '', year: '', id: '' };
      assert.equal(normalised('registration', { device: empty }).device, null);
      assert.deepEqual(
        normalised('registration', { device: { ...empty, os: 'Android', browser: 'Chrome', year: 2024 } })
          .device,
        {
          id: null,
          software: null,
          version: null,
          os: 'Android',
          browser: 'Chrome',
          browserVersion: null,
          year: '2024',
        },
      );
    });

    it('strings are trimmed, "" -> null', () => {
      const p = normalised('registration', { gender: ' Female ', status: '', processName: 'NEW' });
      assert.equal(p.gender, 'Female');
      assert.equal(p.status, null);
      assert.equal(p.processName, 'NEW');
    });
  });

  describe('issuance (idrepo)', () => {
    const identity = { yearOfBirth: '1987', preferredLanguage: 'ara', channel: ['PHONE'] };

    it('processName New | Update in any case -> NEW | UPDATE', () => {
      for (const [name, expected] of [
        ['New', 'NEW'],
        ['Update', 'UPDATE'],
        ['UPDATE', 'UPDATE'],
        ['new', 'NEW'],
      ]) {
        assert.equal(
          normalised('issuance', { processName: name, newProfile: identity }).processName,
          expected,
        );
      }
    });

    it('oldProfile {} (a new identity), null or missing -> null', () => {
      for (const oldProfile of [{}, null, undefined]) {
        assert.equal(
          normalised('issuance', { processName: 'New', oldProfile, newProfile: identity }).oldProfile,
          null,
        );
      }
    });

    it('sub-profiles get the same treatment as a registration', () => {
      const p = normalised('issuance', {
        processName: 'New',
        date: '2026-03-15',
        oldProfile: {},
        newProfile: identity,
      });
      assert.deepEqual(p, {
        processName: 'NEW',
        date: '2026-03-15T00:00:00.000Z',
        oldProfile: null,
        newProfile: {
          yearOfBirth: 1987,
          gender: null,
          genderRaw: null,
          location: null,
          preferredLanguages: ['ara'],
          channel: ['phone'],
          exceptions: null,
          verified: null,
          biometrics: null,
          documents: null,
        },
      });
    });
  });

  describe('canonical vocabularies, the raw value kept when it differs', () => {
    it('gender in any case is one value: one bucket per gender in every chart', () => {
      for (const [written, gender, genderRaw] of [
        ['male', 'Male', 'male'],
        ['Male', 'Male', null],
        ['FEMALE', 'Female', 'FEMALE'],
        ['female', 'Female', 'female'],
        ['Transgender', 'Transgender', null],
        ['Others', 'Other', 'Others'],
      ] as const) {
        const p = normalised('registration', { gender: written });
        assert.deepEqual([p.gender, p.genderRaw], [gender, genderRaw], written);
        const a = normalised('authentication', { gender: written });
        assert.deepEqual([a.gender, a.genderRaw], [gender, genderRaw], written);
      }
    });

    it("status and process name in their service's spelling, whatever the case; unknown ones OTHER", () => {
      for (const [written, status, statusRaw] of [
        ['PROCESSED', 'PROCESSED', null],
        ['processed', 'PROCESSED', 'processed'],
        ['Booked', 'Booked', null],
        ['Pending Appointment', 'Pending_Appointment', 'Pending Appointment'],
      ] as const) {
        const p = normalised('registration', { status: written });
        assert.deepEqual([p.status, p.statusRaw], [status, statusRaw], written);
      }
      const p = normalised('registration', { processName: 'new' });
      assert.deepEqual([p.processName, p.processNameRaw], ['NEW', 'new']);
      const odd = normalise('registration', JSON.stringify({ processName: 'MIGRATION', status: 'PARKED' }));
      assert.ok(odd.ok);
      assert.deepEqual([odd.profile.processName, odd.profile.processNameRaw], ['OTHER', 'MIGRATION']);
      assert.deepEqual([odd.profile.status, odd.profile.statusRaw], ['OTHER', 'PARKED']);
      assert.deepEqual(
        odd.issues.map((i) => `${i.field}:${i.issue}`),
        ['processName:unknown-code', 'status:unknown-code'],
      );
    });

    it('a gender code nobody mapped is "Other", the code kept, and counted as an issue', () => {
      const result = normalise('registration', JSON.stringify({ gender: 'GNR-9' }));
      assert.ok(result.ok);
      assert.deepEqual([result.profile.gender, result.profile.genderRaw], ['Other', 'GNR-9']);
      assert.deepEqual(result.issues, [{ field: 'gender', issue: 'unknown-code' }]);
    });
  });

  describe('authentication (ida)', () => {
    it('status success | failure (any case, or a boolean) -> success true | false', () => {
      for (const [status, success] of [
        ['success', true],
        ['failure', false],
        ['SUCCESS', true],
        ['Failure', false],
        [true, true],
        [false, false],
        [null, null],
      ] as const) {
        assert.equal(normalised('authentication', { status }).success, success, String(status));
      }
    });

    it('partnerName', () => {
      assert.equal(normalised('authentication', { partnerName: 'Bank of Fes' }).partnerName, 'Bank of Fes');
    });
  });

  describe('privacy: only known fields pass', () => {
    it('drops unknown fields at every level', () => {
      const p = normalised('registration', {
        name: 'Amina',
        phone: '+212600000000',
        email: 'a@example.org',
        biometricInfo: [{ type: 'FACE', payload: 'base64...', digitalId: '{"serialNo":"S","secret":"x"}' }],
        device: { id: 'd', macAddress: '00:11:22:33:44:55' },
      });
      const json = JSON.stringify(p);
      for (const leaked of ['Amina', '+212', 'example.org', 'payload', 'secret', 'macAddress']) {
        assert.ok(!json.includes(leaked), `${leaked} leaked`);
      }
    });
  });

  describe('text oddities', () => {
    it('a byte-order mark before the JSON', () => {
      const result = normalise('authentication', '\uFEFF{"partnerName":"P"}');
      assert.equal(result.ok && result.profile.partnerName, 'P');
    });
  });
});
