import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChangeRecord, Op } from '../../encode/change-record.ts';
import { documentNames, locationNames } from '../../enrich/master.ts';
import type { Location, RegistrationCentre } from '../../kinds/master/entities.ts';
import { MasterLookup } from './lookup.ts';

const source = {
  connector: 'master',
  database: 'mosip_master',
  schema: 'master',
  table: 't',
  lsn: '0/1',
  txId: null,
  commitTime: null,
};
const row = (id: string, isDeleted = false) => ({
  id,
  process_stage: null,
  cr_by: null,
  cr_dtimes: null,
  upd_by: null,
  upd_dtimes: null,
  is_deleted: isDeleted,
  del_dtimes: null,
});
const change = <P>(key: string, profile: P | null, op: Op = 'c', deleted = false): ChangeRecord<P> => ({
  op,
  source,
  row: row(key, deleted),
  profile,
  issues: [],
});

const centre = (id: string, lang: string, name: string, extra: Partial<RegistrationCentre> = {}) =>
  change<RegistrationCentre>(`${id}|${lang}`, {
    id,
    lang,
    name,
    typeCode: 'REG',
    locationCode: 'CT1',
    latitude: 34.2,
    longitude: -6.5,
    zoneCode: null,
    timeZone: null,
    isActive: true,
    ...extra,
  });
const location = (code: string, lang: string, name: string, level: number, parent: string | null) =>
  change<Location>(`${code}|${lang}`, {
    code,
    lang,
    name,
    level,
    levelName: ['Country', 'Region', 'City'][level] ?? null,
    parentCode: parent,
    isActive: true,
  });

function country(): MasterLookup {
  const lookup = new MasterLookup('eng');
  lookup.apply('location', location('MOR', 'eng', 'Morocco', 0, null));
  lookup.apply('location', location('RG1', 'eng', 'Rabat Sale Kenitra', 1, 'MOR'));
  lookup.apply('location', location('CT1', 'eng', 'Kenitra', 2, 'RG1'));
  return lookup;
}

test('a centre is joined in the configured language, with its point and hierarchy, else another language', () => {
  const lookup = country();
  lookup.apply('registration-centre', centre('10001', 'fra', 'Centre de Kenitra'));
  assert.equal(lookup.centre('10001')?.name, 'Centre de Kenitra', 'only French: French');
  lookup.apply('registration-centre', centre('10001', 'eng', 'Kenitra Centre'));
  assert.deepEqual(lookup.centre('10001'), {
    name: 'Kenitra Centre',
    geo: { lat: 34.2, lon: -6.5 },
    typeCode: 'REG',
    locationCode: 'CT1',
    hierarchy: ['Morocco', 'Rabat Sale Kenitra', 'Kenitra'],
    hierarchyPath: 'Morocco > Rabat Sale Kenitra > Kenitra',
  });
  assert.equal(lookup.centre('99999'), null);
  lookup.apply(
    'registration-centre',
    centre('10002', 'eng', 'No point', { latitude: null, longitude: null }),
  );
  assert.equal(lookup.centre('10002')?.geo, null);
});

test('deletes and soft deletes remove a row; the joined view follows every change', () => {
  const lookup = country();
  lookup.apply('registration-centre', centre('10001', 'eng', 'Old name'));
  assert.equal(lookup.centre('10001')?.name, 'Old name');
  assert.deepEqual(lookup.apply('registration-centre', centre('10001', 'eng', 'New name')), ['10001']);
  assert.equal(lookup.centre('10001')?.name, 'New name', 'the cached join is dropped on change');
  lookup.apply('registration-centre', change('10001|eng', null, 'd'));
  assert.equal(lookup.centre('10001'), null);
  lookup.apply('registration-centre', centre('10003', 'eng', 'Closed'));
  lookup.apply('registration-centre', { ...centre('10003', 'eng', 'Closed'), row: row('10003|eng', true) });
  assert.equal(lookup.centre('10003'), null, 'is_deleted');
  assert.deepEqual(lookup.sizes(), { 'registration-centre': 0, location: 3, 'document-type': 0 });
});

test('a renamed location names the centres below it as changed', () => {
  const lookup = country();
  lookup.apply('registration-centre', centre('10001', 'eng', 'Kenitra Centre'));
  lookup.apply('registration-centre', centre('10009', 'eng', 'Elsewhere', { locationCode: 'CT9' }));
  assert.deepEqual(lookup.apply('location', location('RG1', 'eng', 'Rabat-Sale-Kenitra', 1, 'MOR')), [
    '10001',
  ]);
  assert.deepEqual(lookup.centre('10001')?.hierarchy, ['Morocco', 'Rabat-Sale-Kenitra', 'Kenitra']);
});

test('document type names and location codes: known codes are named, the rest left out', () => {
  const lookup = country();
  lookup.apply(
    'document-type',
    change('POA|eng', { code: 'POA', lang: 'eng', name: 'Proof of Address', isActive: true }),
  );
  assert.deepEqual(documentNames(['POA', 'XYZ', null], lookup), ['Proof of Address']);
  assert.equal(documentNames(['XYZ'], lookup), null);
  assert.deepEqual(locationNames(['RG1', 'CT1'], lookup), {
    names: ['Rabat Sale Kenitra', 'Kenitra'],
    levels: ['Region', 'City'],
  });
  assert.equal(
    locationNames(['Rabat Sale Kenitra', 'Kenitra'], lookup),
    null,
    'names, not codes: nothing to add',
  );
});
