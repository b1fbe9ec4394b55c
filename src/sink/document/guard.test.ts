import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mappedLeaves } from '../../kinds/fixtures/mapping-walk.ts';
import { readSample } from '../../kinds/fixtures/samples.ts';
import { kindNamed } from '../../kinds/index.ts';
import { normalise } from '../../kinds/normalise.ts';
import type { RegistrationProfile } from '../../kinds/registration/profile.ts';
import { sampleRecord } from './fixtures/sample-records.ts';
import { guard } from './guard.ts';
import { guardedAction } from './guarded-action.ts';
import { toDocument } from './to-document.ts';

const personal = {
  name: 'Fatima Zahra Alaoui',
  fullName: 'Fatima Zahra Alaoui',
  phone: '+212600000000',
  email: 'fatima@example.ma',
  address: '12 Rue des Orangers, Kenitra',
};
const personalValues = Object.values(personal);

const mappingOf = (kind: string) => kindNamed(kind).indexBody.mappings;
const allowList = (kind: string) => mappedLeaves(mappingOf(kind).properties);

function regprcBody(): Record<string, unknown> {
  const { connector, record } = sampleRecord('regprc');
  const action = toDocument(connector, record);
  if (!('body' in action)) throw new Error('expected a document');
  return action.body as unknown as Record<string, unknown>;
}

describe('privacy guard', () => {
  it('the allow-list is the mapping: no personal fields, the reporting ones', () => {
    const registration = allowList('registration');
    for (const field of ['ageGroup', 'location.level1', 'biometrics.finger.qualityMean', 'row.cr_dtimes']) {
      assert.ok(registration.includes(field), field);
    }
    for (const kind of ['registration', 'issuance', 'authentication'] as const) {
      const fields = allowList(kind);
      // A centre's name is master data, not a person's; its staff's contact fields are never joined.
      for (const name of Object.keys(personal))
        assert.ok(!fields.some((f) => f.split('.').includes(name) && f !== 'centre.name'), name);
      for (const contact of ['contact_person', 'contactPerson', 'contact_phone', 'contactPhone'])
        assert.ok(!fields.some((f) => f.split('.').includes(contact)), contact);
    }
  });

  it('personal fields in the profile JSON never reach the document: normalise() drops them first', () => {
    const sample = readSample('regprc');
    const text = JSON.stringify({
      ...sample.profile,
      ...personal,
      biometricInfo: [{ ...(sample.profile.biometricInfo as object[])[0], name: personal.name }],
      device: { ...(sample.profile.device as object), phone: personal.phone },
    });
    const result = normalise('registration', text, sample.context);
    assert.ok(result.ok);
    const { connector, record } = sampleRecord('regprc');
    const { action, dropped } = guardedAction(connector, {
      ...record,
      profile: result.profile as RegistrationProfile,
    });
    assert.deepEqual(dropped, []);
    const json = JSON.stringify(action);
    for (const value of personalValues) assert.ok(!json.includes(value), value);
  });

  it('injected keys are removed at every depth and reported by path', () => {
    const body = regprcBody();
    const injected = {
      ...body,
      ...personal,
      location: { ...(body.location as object), address: personal.address },
      biometrics: {
        ...(body.biometrics as object),
        finger: { ...(body.biometrics as { finger: object }).finger, holder: personal.name },
      },
      row: { ...(body.row as object), profile: JSON.stringify(personal) },
      source: { ...(body.source as object), email: personal.email },
    };
    const { document, dropped } = guard(mappingOf('registration'), injected);
    assert.deepEqual(dropped, [
      'address',
      'biometrics.finger.holder',
      'email',
      'fullName',
      'location.address',
      'name',
      'phone',
      'row.profile',
      'source.email',
    ]);
    assert.deepEqual(document, body);
  });

  it('a value of the wrong shape is dropped: an object where a keyword is, a scalar where an object is', () => {
    const body = regprcBody();
    const { document, dropped } = guard(mappingOf('registration'), {
      ...body,
      gender: { value: 'Male', name: personal.name },
      documents: ['CIN', { number: 'AB123456' }],
      device: 'laptop',
    });
    assert.deepEqual(dropped, ['device', 'documents', 'gender']);
    assert.equal(document.gender, undefined);
    assert.deepEqual(document.documents, ['CIN']);
    assert.equal(document.device, undefined);
  });

  it('a decoded Avro record inside the document (another prototype, enumerable methods) passes as it is', () => {
    class DecodedDevice {
      id = 'dev-1';
      software = 'reg-client';
    }
    Object.assign(DecodedDevice.prototype, { clone() {}, toBuffer() {} });
    const withDecoded = { ...regprcBody(), device: new DecodedDevice() };
    const result = guard(mappingOf('registration'), withDecoded);
    assert.equal(result.document, withDecoded); // the same object: no copy was needed
    assert.deepEqual(result.dropped, []);
  });

  it('each kind has its own allow-list: a registration field is not an authentication one', () => {
    const { dropped } = guard(mappingOf('authentication'), {
      operatorId: '110118',
      partnerName: 'Bank of Fes',
    });
    assert.deepEqual(dropped, ['operatorId']);
  });

  it('guardedAction: tombstones and partial updates are guarded too', () => {
    const { connector, record } = sampleRecord('regprc');
    const deleted = guardedAction(connector, { ...record, op: 'd', profile: null });
    assert.ok('tombstone' in deleted.action);
    assert.deepEqual(Object.keys(deleted.action.tombstone), ['deleted', '@timestamp', 'source', 'row']);
    assert.deepEqual(deleted.dropped, []);
    const partial = guardedAction(connector, { ...record, op: 'u', profile: null });
    assert.ok('partial' in partial.action);
    assert.deepEqual(Object.keys(partial.action.partial), ['source', 'row']);
    assert.deepEqual(partial.dropped, []);
  });
});
