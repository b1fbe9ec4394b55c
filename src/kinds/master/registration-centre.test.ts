import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QualityLog } from '../../normalise/quality.ts';
import { registrationCentre } from './registration-centre.ts';

const row = {
  id: '10001',
  lang_code: 'eng',
  name: 'Kenitra Centre',
  cntrtyp_code: 'REG',
  latitude: '34.261',
  longitude: '-6.580',
  location_code: 'CT001',
  contact_person: 'Amina Staffmember',
  contact_phone: '+212611223344',
  addr_line1: '1 Avenue Mohammed V',
  zone_code: 'RG001',
  time_zone: 'Africa/Casablanca',
  is_active: 't',
};

const read = (changes: Record<string, unknown>) => {
  const q = new QualityLog();
  return { centre: registrationCentre({ ...row, ...changes }, q), issues: q.issues };
};

test('a centre row keeps its name, codes and coordinates; staff contact and address columns are never read', () => {
  const { centre, issues } = read({});
  assert.deepEqual(centre, {
    id: '10001',
    lang: 'eng',
    name: 'Kenitra Centre',
    typeCode: 'REG',
    locationCode: 'CT001',
    latitude: 34.261,
    longitude: -6.58,
    zoneCode: 'RG001',
    timeZone: 'Africa/Casablanca',
    isActive: true,
  });
  assert.deepEqual(issues, []);
  const text = JSON.stringify(centre);
  for (const value of [row.contact_person, row.contact_phone, row.addr_line1])
    assert.ok(!text.includes(value));
});

test('coordinates: a pair is kept only when both parse and lie on the globe; a bad one costs the point, with its issue', () => {
  assert.deepEqual(read({ latitude: '', longitude: '' }), {
    centre: { ...read({}).centre, latitude: null, longitude: null },
    issues: [],
  });
  const text = read({ latitude: 'N/A' });
  assert.equal(text.centre.latitude, null);
  assert.equal(text.centre.longitude, null, 'half a point is no point');
  assert.deepEqual(text.issues, [{ field: 'latitude', issue: 'not-a-number' }]);
  assert.deepEqual(read({ longitude: '200' }).issues, [{ field: 'longitude', issue: 'out-of-range' }]);
  const blank = read({ latitude: '0', longitude: '0.0' });
  assert.equal(blank.centre.latitude, null, '0,0 is a form left blank');
  assert.deepEqual(blank.issues, [{ field: 'latitude', issue: 'out-of-range' }]);
});
