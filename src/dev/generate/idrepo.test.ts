import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, dayPattern, parsedRows, sqlTimestampPattern, uuidV4 } from './test-support.ts';

const rows = parsedRows('idrepo', 5000);
const profiles = rows.map((r) => r.json);
type SubProfile = Record<string, unknown>;
const subProfiles = profiles.flatMap((p) =>
  [p.oldProfile as SubProfile, p.newProfile as SubProfile].filter((s) => Object.keys(s).length > 0),
);
type Biometric = Record<string, unknown>;
const biometrics = subProfiles.flatMap((s) => s.biometricInfo as Biometric[]);

test('idrepo rows: uuid ids, IDR, UTC timestamps, is_deleted false', () => {
  for (const row of rows) {
    assert.match(row.id, uuidV4);
    assert.equal(row.crBy, 'IDR');
    assert.match(row.crDtimes, sqlTimestampPattern);
    assert.equal(row.isDeleted, false);
    assert.match(String(row.json.date), dayPattern);
    assert.equal(row.json.date, row.crDtimes.slice(0, 10));
  }
});

test('idrepo: mostly New with an empty oldProfile, some Update with both profiles, different', () => {
  const created = profiles.filter((p) => p.processName === 'New');
  const updated = profiles.filter((p) => p.processName === 'Update');
  assert.equal(created.length + updated.length, profiles.length);
  assert.ok(updated.length > profiles.length * 0.08 && updated.length < profiles.length * 0.25);
  for (const p of created) assert.deepEqual(p.oldProfile, {});
  for (const p of updated) {
    assert.ok(Object.keys(p.oldProfile as SubProfile).length > 0);
    assert.notDeepEqual(p.oldProfile, p.newProfile);
  }
});

test('idrepo: yearOfBirth strings, singular preferredLanguage (spec array at a small rate)', () => {
  for (const s of subProfiles) {
    assert.equal(typeof s.yearOfBirth, 'string');
    assert.ok(typeof s.preferredLanguage === 'string' || Array.isArray(s.preferredLanguages));
  }
  assert.ok(count(subProfiles, (s) => s.yearOfBirth === '') > 0);
  const spec = count(subProfiles, (s) => Array.isArray(s.preferredLanguages));
  assert.ok(spec > 0 && spec < subProfiles.length * 0.1);
});

test('idrepo: channel is upper case, ["PHONE","EMAIL"] and subsets', () => {
  const shapes = new Set(subProfiles.map((s) => JSON.stringify(s.channel)));
  for (const shape of ['["PHONE","EMAIL"]', '["PHONE"]', '["EMAIL"]']) assert.ok(shapes.has(shape), shape);
  for (const shape of shapes)
    assert.ok(['[]', '["PHONE"]', '["EMAIL"]', '["PHONE","EMAIL"]'].includes(shape));
});

test('idrepo: biometric types in title case with subType, string score and attempts', () => {
  assert.deepEqual([...new Set(biometrics.map((b) => b.type))].sort(), ['Face', 'Finger', 'Iris']);
  for (const b of biometrics) {
    assert.equal(typeof b.subType, 'string');
    assert.match(String(b.qualityScore), /^\d+$/);
    assert.equal(typeof b.qualityScore, 'string');
    assert.equal(typeof b.attempts, 'string');
    assert.deepEqual(Object.keys(JSON.parse(String(b.digitalId))), ['serialNo', 'make', 'model']);
  }
});

test('idrepo: updates change location, channels, verification, documents or biometrics', () => {
  const updated = profiles.filter((p) => p.processName === 'Update');
  const changed = (key: string) =>
    count(
      updated,
      (p) =>
        JSON.stringify((p.oldProfile as SubProfile)[key]) !==
        JSON.stringify((p.newProfile as SubProfile)[key]),
    );
  for (const key of ['location', 'channel', 'verified', 'documents', 'biometricInfo'])
    assert.ok(changed(key) > 0, key);
  assert.ok(count(subProfiles, (s) => (s.verified as unknown[]).length > 0) > 0);
});
