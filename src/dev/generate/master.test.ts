import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registrationCentre } from '../../kinds/master/registration-centre.ts';
import { QualityLog } from '../../normalise/quality.ts';
import { countryCode, documentTypes, masterLanguages, masterRows } from './master.ts';
import { centres } from './places.ts';
import { parsedRows } from './test-support.ts';

const rows = masterRows();

test('every generated centre is in master data, in every language, placed in a city of the hierarchy', () => {
  const codes = new Set(rows.location.map((l) => l.code));
  for (const centre of centres) {
    const versions = rows.registration_center.filter((r) => r.id === centre.id);
    assert.deepEqual(versions.map((r) => r.lang_code).sort(), [...masterLanguages].sort(), centre.id);
    for (const v of versions)
      assert.ok(codes.has(v.location_code as string), `${centre.id}: ${v.location_code}`);
  }
  const country = rows.location.filter((l) => l.hierarchy_level === 0);
  assert.deepEqual([...new Set(country.map((l) => l.code))], [countryCode]);
  for (const l of rows.location.filter((x) => x.parent_loc_code !== null))
    assert.ok(codes.has(l.parent_loc_code as string), `${l.code}: parent ${l.parent_loc_code}`);
});

test('centres lie near their city, a few without usable coordinates; staff contacts are filled (to prove they are never indexed)', () => {
  let placed = 0;
  let unplaced = 0;
  for (const row of rows.registration_center) {
    const centre = registrationCentre(row, new QualityLog());
    if (centre.latitude === null) unplaced += 1;
    else {
      placed += 1;
      const city = centres.find((c) => c.id === row.id)?.city;
      assert.ok(
        Math.abs(centre.latitude - (city?.lat ?? 0)) < 0.1 &&
          Math.abs((centre.longitude ?? 0) - (city?.lon ?? 0)) < 0.1,
      );
    }
    assert.ok(row.contact_person && row.contact_phone);
  }
  assert.ok(unplaced > 0 && unplaced < placed / 20, `${unplaced} unplaced of ${placed + unplaced}`);
});

test('every document type code the generators write has a name', () => {
  const written = new Set<string>();
  for (const table of ['prereg', 'regprc', 'idrepo'] as const)
    for (const row of parsedRows(table, 400, 'master-doc-types')) {
      const profile = row.json as { documents?: string[]; newProfile?: { documents?: string[] } };
      for (const code of [...(profile.documents ?? []), ...(profile.newProfile?.documents ?? [])])
        written.add(code);
    }
  assert.ok(written.size >= 5);
  for (const code of written) assert.ok(documentTypes[code], code);
});
