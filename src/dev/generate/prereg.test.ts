import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, parsedRows, sqlTimestampPattern, uuidV4 } from './test-support.ts';

const rows = parsedRows('prereg', 5000);
const profiles = rows.map((r) => r.json);

test('prereg rows: uuid ids, prereg-service, UTC timestamps, is_deleted null (no default)', () => {
  for (const row of rows) {
    assert.match(row.id, uuidV4);
    assert.equal(row.crBy, 'prereg-service');
    assert.match(row.crDtimes, sqlTimestampPattern);
    assert.equal(row.isDeleted, null);
    assert.equal(row.processStage, undefined);
  }
});

test('prereg: processName and processStage are "preregistration", date a full local date-time', () => {
  for (const p of profiles) {
    assert.equal(p.processName, 'preregistration');
    assert.equal(p.processStage, 'preregistration');
    assert.match(String(p.date), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
  }
  // The service stamps `date` just before the row is saved.
  const row = rows[0]!;
  const saved = Date.parse(`${row.crDtimes.replace(' ', 'T')}Z`);
  const stamped = Date.parse(`${row.json.date}Z`);
  assert.ok(saved - stamped >= 0 && saved - stamped < 1000);
});

test('prereg: yearOfBirth is a string, "" when unknown, else 0-100 years before the date', () => {
  assert.ok(profiles.every((p) => typeof p.yearOfBirth === 'string'));
  assert.ok(count(profiles, (p) => p.yearOfBirth === '') > 0);
  for (const p of profiles.filter((p) => p.yearOfBirth !== '')) {
    const age = Number(String(p.date).slice(0, 4)) - Number(p.yearOfBirth);
    assert.ok(age >= 0 && age <= 100, `age ${age}`);
  }
});

test('prereg: location has three levels and may hold "" for missing ones', () => {
  for (const p of profiles) assert.equal((p.location as string[]).length, 3);
  assert.ok(count(profiles, (p) => (p.location as string[])[2] === '') > 0);
  assert.ok(count(profiles, (p) => (p.location as string[])[1] === '') > 0);
  assert.ok(count(profiles, (p) => !(p.location as string[]).includes('')) > 0);
});

test('prereg: genders in the portal\'s lower case: male, female, others and ""', () => {
  const genders = new Set(profiles.map((p) => p.gender));
  assert.deepEqual([...genders].sort(), ['', 'female', 'male', 'others']);
});

test('prereg: preferredLanguage is singular, with the spec array preferredLanguages at a small rate', () => {
  const singular = count(profiles, (p) => typeof p.preferredLanguage === 'string');
  const spec = count(profiles, (p) => Array.isArray(p.preferredLanguages));
  assert.equal(singular + spec, profiles.length);
  assert.ok(spec > 0 && spec < profiles.length * 0.1);
  assert.equal(
    count(profiles, (p) => 'preferredLanguage' in p && 'preferredLanguages' in p),
    0,
  );
});

test('prereg: channel is ["email","phone"] or a subset', () => {
  const shapes = new Set(profiles.map((p) => JSON.stringify(p.channel)));
  for (const shape of ['["email","phone"]', '["email"]', '["phone"]']) assert.ok(shapes.has(shape), shape);
  for (const shape of shapes)
    assert.ok(['["email","phone"]', '["email"]', '["phone"]', '[]'].includes(shape));
});

test('prereg: enrollmentCenterId, with the spec registrationCenterId at a small rate', () => {
  const enrollment = count(profiles, (p) => typeof p.enrollmentCenterId === 'string');
  const spec = count(profiles, (p) => typeof p.registrationCenterId === 'string');
  assert.equal(enrollment + spec, profiles.length);
  assert.ok(spec > 0 && spec < profiles.length * 0.1);
  assert.ok(new Set(profiles.map((p) => p.enrollmentCenterId ?? p.registrationCenterId)).size > 100);
});

test('prereg: documents are category codes and status a booking status', () => {
  for (const p of profiles) {
    for (const d of p.documents as string[]) assert.ok(['POA', 'POI', 'POR', 'POB'].includes(d));
  }
  const statuses = new Set(profiles.map((p) => p.status));
  assert.ok(statuses.has('Booked'));
  assert.ok(statuses.size >= 3);
});
