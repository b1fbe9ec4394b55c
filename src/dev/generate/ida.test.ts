import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, dayPattern, parsedRows, sqlTimestampPattern, uuidV4 } from './test-support.ts';

const rows = parsedRows('ida', 5000);
const profiles = rows.map((r) => r.json);
type Biometric = Record<string, unknown>;
const biometrics = profiles.flatMap((p) => p.biometricInfo as Biometric[]);

test('ida rows: uuid ids, ida, UTC timestamps, is_deleted false', () => {
  for (const row of rows) {
    assert.match(row.id, uuidV4);
    assert.equal(row.crBy, 'ida');
    assert.match(row.crDtimes, sqlTimestampPattern);
    assert.equal(row.isDeleted, false);
  }
});

test('ida: partnerName, a yyyy-MM-dd date, string yearOfBirth ("" sometimes), gender, location', () => {
  assert.ok(new Set(profiles.map((p) => p.partnerName)).size >= 8);
  for (const p of profiles) {
    assert.match(String(p.date), dayPattern);
    assert.equal(typeof p.yearOfBirth, 'string');
    assert.equal(typeof p.gender, 'string');
    assert.ok(Array.isArray(p.location));
    assert.ok(Array.isArray(p.preferredLanguages));
  }
  assert.ok(count(profiles, (p) => p.yearOfBirth === '') > 0);
  assert.ok(count(profiles, (p) => (p.location as unknown[]).length === 0) > 0);
});

test("ida: every auth factor occurs, alone and combined, mostly as ID authentication's request-type codes", () => {
  const factors = profiles.flatMap((p) => p.authFactors as string[]);
  assert.deepEqual([...new Set(factors)].sort(), [
    'DEMO',
    'DEMO-AUTH',
    'FACE',
    'FACE-AUTH',
    'FINGER',
    'FINGER-AUTH',
    'FINGERPRINT-AUTH',
    'IRIS',
    'IRIS-AUTH',
    'OTP',
    'OTP-AUTH',
  ]);
  const bare = count(factors, (f) => !f.includes('-'));
  assert.ok(bare > 0 && bare < factors.length * 0.25, `${bare} of ${factors.length} bare names`);
  assert.ok(count(profiles, (p) => (p.authFactors as unknown[]).length === 2) > 0);
});

test('ida: biometricInfo uses lower-case subtype and string qualityScore (spec spellings at a small rate)', () => {
  const lower = count(biometrics, (b) => 'subtype' in b);
  const camel = count(biometrics, (b) => 'subType' in b);
  assert.equal(lower + camel, biometrics.length);
  assert.ok(camel > 0 && camel < lower / 10);
  const strings = count(biometrics, (b) => typeof b.qualityScore === 'string');
  const numbers = count(biometrics, (b) => typeof b.qualityScore === 'number');
  assert.equal(strings + numbers, biometrics.length);
  assert.ok(numbers > 0 && numbers < strings / 10);
  assert.deepEqual([...new Set(biometrics.map((b) => b.type))].sort(), ['Face', 'Finger', 'Iris']);
  // Biometric entries only for biometric factors.
  for (const p of profiles) {
    const bio = (p.authFactors as string[]).some((f) => /^(FINGER|FINGERPRINT|IRIS|FACE)(-AUTH)?$/.test(f));
    assert.equal((p.biometricInfo as unknown[]).length > 0, bio);
  }
});

test('ida: success has no error codes, failure has some; failures vary by factor', () => {
  const statuses = new Set(profiles.map((p) => p.status));
  assert.deepEqual([...statuses].sort(), ['failure', 'success']);
  for (const p of profiles) {
    const codes = p.errorCode as string[];
    assert.equal(codes.length > 0, p.status === 'failure');
    for (const code of codes) assert.match(code, /^IDA-[A-Z]{3}-\d{3}$/);
  }
  const failureRate = (factor: string) => {
    const using = profiles.filter((p) => JSON.stringify(p.authFactors) === JSON.stringify([factor]));
    return count(using, (p) => p.status === 'failure') / using.length;
  };
  assert.ok(failureRate('FACE') > failureRate('OTP'));
  const overall = count(profiles, (p) => p.status === 'failure') / profiles.length;
  assert.ok(overall > 0.03 && overall < 0.3, `failure rate ${overall}`);
});
