import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrichOptions } from '../../enrich/options.ts';
import { regprcDocument } from '../../kinds/fixtures/regprc-document.ts';
import type { ChangeRecords } from '../../kinds/index.ts';
import type { RegistrationProfile } from '../../kinds/registration/profile.ts';
import { connectorNamed, sampleRecord } from './fixtures/sample-records.ts';
import { toDocument } from './to-document.ts';

const regprc = () => {
  const sample = sampleRecord('regprc');
  if (sample.connector.kind !== 'registration') throw new Error('regprc is a registration connector');
  return sample as {
    connector: typeof sample.connector & { kind: 'registration' };
    record: ChangeRecords['registration'];
  };
};

describe('toDocument', () => {
  it('regprc sample: source, row, profile fields and enrichment, id = connector:row id', () => {
    const { connector, record } = regprc();
    assert.deepEqual(toDocument(connector, record), {
      id: 'regprc:2f6a9c1e-88b0-4d55-a3f7-6e2b1c9d0a47',
      body: regprcDocument,
    });
  });

  it('each sample gets its own connector-prefixed id', () => {
    for (const name of ['prereg', 'idrepo', 'ida'] as const) {
      const { connector, record } = sampleRecord(name);
      const action = toDocument(connector, record);
      assert.equal(action.id, `${name}:${record.row.id}`);
      assert.ok('body' in action, name);
    }
  });

  it('idrepo: new-profile demographics, changed fields, no old-profile values', () => {
    const { connector, record } = sampleRecord('idrepo');
    const action = toDocument(connector, record);
    assert.ok('body' in action && action.body);
    const body = action.body as unknown as Record<string, unknown>;
    assert.equal(body.processName, 'UPDATE');
    assert.equal(body.isNew, false);
    assert.deepEqual(body.changedFields, ['location', 'channel', 'verified', 'documents']);
    assert.equal((body.location as { level2: string }).level2, 'Tanger');
    assert.equal(body.oldProfile, undefined);
    assert.equal(body.newProfile, undefined);
  });

  it('ida: success false, error code, partner, factors', () => {
    const { connector, record } = sampleRecord('ida');
    const action = toDocument(connector, record);
    assert.ok('body' in action);
    const { success, errorCodes, partnerName, authFactors, factorCount, authType, biometricAuth } =
      action.body as unknown as Record<string, unknown>;
    assert.deepEqual(
      { success, errorCodes, partnerName, authFactors, factorCount, authType, biometricAuth },
      {
        success: false,
        errorCodes: ['IDA-BIA-001'],
        partnerName: 'Bank of Fes',
        authFactors: ['FINGER', 'OTP'],
        factorCount: 2,
        authType: 'biometric + otp',
        biometricAuth: true,
      },
    );
  });

  it("op d -> the tombstone: source and row marked deleted, dated by the delete's commit", () => {
    const { connector, record } = regprc();
    const deleted = { ...record, op: 'd' as const, profile: null };
    assert.deepEqual(toDocument(connector, deleted), {
      id: 'regprc:2f6a9c1e-88b0-4d55-a3f7-6e2b1c9d0a47',
      tombstone: {
        deleted: true,
        '@timestamp': '2026-03-16T08:12:55.101Z',
        source: { ...regprcDocument.source, op: 'd' },
        row: regprcDocument.row,
      },
    });
  });

  it("a soft delete (is_deleted true) -> a tombstone, even with the profile; prereg's null is not a delete", () => {
    const { connector, record } = regprc();
    const softDeleted = { ...record, op: 'u' as const, row: { ...record.row, is_deleted: true } };
    const action = toDocument(connector, softDeleted);
    assert.ok('tombstone' in action && action.tombstone.deleted && action.tombstone.row.is_deleted === true);
    const prereg = sampleRecord('prereg');
    assert.equal(prereg.record.row.is_deleted, null);
    assert.ok('body' in toDocument(prereg.connector, prereg.record));
  });

  it("softDelete 'mark' indexes a soft-deleted row, flagged; a real delete still deletes", () => {
    const { connector, record } = regprc();
    const softDeleted = { ...record, op: 'u' as const, row: { ...record.row, is_deleted: true } };
    const marked = toDocument(connector, softDeleted, undefined, 'mark');
    assert.ok('body' in marked && marked.body.row.is_deleted === true);
    assert.ok('tombstone' in toDocument(connector, { ...softDeleted, op: 'd' as const }, undefined, 'mark'));
  });

  it('an update without the profile -> a partial update of source and row', () => {
    const { connector, record } = regprc();
    const update = {
      ...record,
      op: 'u' as const,
      row: { ...record.row, upd_by: 'admin', upd_dtimes: '2026-03-17T09:00:00.000Z' },
      profile: null,
    };
    assert.deepEqual(toDocument(connector, update), {
      id: `regprc:${record.row.id}`,
      partial: {
        source: { ...regprcDocument.source, op: 'u' },
        row: { ...regprcDocument.row, upd_by: 'admin', upd_dtimes: '2026-03-17T09:00:00.000Z' },
      },
    });
  });

  it('age groups come from the options', () => {
    const { connector, record } = regprc();
    const action = toDocument(connector, record, enrichOptions({ ageGroups: [0, 18, 65, 70] }));
    assert.ok('body' in action);
    assert.equal(action.body.ageGroup, '65-70');
  });

  it('no profile date: the row cr_dtimes dates the event', () => {
    const connector = connectorNamed('prereg') as ReturnType<typeof connectorNamed> & {
      kind: 'registration';
    };
    const { record } = regprc();
    const profile: RegistrationProfile = { ...(record.profile as RegistrationProfile), date: null };
    const action = toDocument(connector, { ...record, profile });
    assert.ok('body' in action);
    assert.equal(action.body['@timestamp'], '2026-03-15T11:02:09.104Z');
    assert.equal(action.body.time?.hour, 11);
    assert.equal(action.body.age, 68);
  });
});
