import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  count,
  dayPattern,
  type ParsedRow,
  parsedRows,
  sqlTimestampPattern,
  uuidV4,
} from './test-support.ts';

const rows = parsedRows('regprc', 5000);
const profiles = rows.map((r) => r.json);
const sync = profiles.filter((p) => p.processStage === 'SYNC');
const staged = profiles.filter((p) => p.processStage !== 'SYNC');
type Biometric = {
  type: string;
  subType: string;
  qualityScore: unknown;
  attempts: unknown;
  digitalId: string;
};
const biometrics = staged.flatMap((p) => (p.biometricInfo as Biometric[]) ?? []);

/** Consecutive rows from one SYNC row to the next: one registration. */
function registrations(all: ParsedRow[]): ParsedRow[][] {
  const groups: ParsedRow[][] = [];
  for (const row of all) {
    if (row.processStage === 'SYNC' || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(row);
  }
  return groups;
}

test('regprc rows: uuid ids within varchar(39), SYSTEM, is_deleted false, process_stage = processStage', () => {
  for (const row of rows) {
    assert.match(row.id, uuidV4);
    assert.ok(row.id.length <= 39);
    assert.equal(row.crBy, 'SYSTEM');
    assert.match(row.crDtimes, sqlTimestampPattern);
    assert.equal(row.isDeleted, false);
    assert.equal(row.processStage, row.json.processStage);
    assert.ok(row.processStage!.length <= 36);
  }
});

test('regprc: one row per stage, from SYNC to PrintingStage, with rejections and failures', () => {
  const stages = new Set(profiles.map((p) => p.processStage));
  for (const stage of [
    'SYNC',
    'PacketReceiverStage',
    'PacketValidatorStage',
    'QualityClassifierStage',
    'DemodedupeStage',
    'BioDedupeStage',
    'ManualAdjudicationStage',
    'UinGeneratorStage',
    'PrintingStage',
  ]) {
    assert.ok(stages.has(stage), stage);
  }
  const statuses = new Set(profiles.map((p) => p.status));
  for (const status of ['REGISTERED', 'PROCESSED', 'REJECTED', 'FAILED'])
    assert.ok(statuses.has(status), status);
  assert.ok(sync.every((p) => p.status === 'REGISTERED'));
  const names = new Set(profiles.map((p) => p.processName));
  for (const name of ['NEW', 'UPDATE', 'RES_UPDATE', 'LOST']) assert.ok(names.has(name), name);
});

test('regprc: stage rows of a registration share it and follow each other in time', () => {
  const groups = registrations(rows);
  assert.ok(groups.length > 300);
  for (const group of groups.slice(0, -1)) {
    const [first, ...rest] = group;
    assert.equal(first!.processStage, 'SYNC');
    assert.ok(rest.length >= 1);
    for (const row of group) {
      assert.equal(row.json.startDateTime, first!.json.startDateTime);
      assert.equal(row.json.processName, first!.json.processName);
      assert.equal(
        row.json.enrollmentCenterId ?? row.json.registrationCenterId,
        first!.json.enrollmentCenterId ?? first!.json.registrationCenterId,
      );
    }
    for (const row of rest) {
      assert.deepEqual(row.json.biometricInfo, rest[0]!.json.biometricInfo);
      assert.deepEqual(row.json.assisted, rest[0]!.json.assisted);
      assert.equal(row.json.yearOfBirth, rest[0]!.json.yearOfBirth);
    }
    for (let i = 1; i < group.length; i++) assert.ok(group[i]!.crDtimes >= group[i - 1]!.crDtimes);
    assert.equal(new Set(group.map((r) => r.processStage)).size, group.length);
  }
});

test('regprc: yearOfBirth is a number, 0 at SYNC and when the date of birth is unknown', () => {
  assert.ok(profiles.every((p) => typeof p.yearOfBirth === 'number'));
  assert.ok(sync.every((p) => p.yearOfBirth === 0));
  assert.ok(count(staged, (p) => p.yearOfBirth === 0) > 0);
  assert.ok(count(staged, (p) => (p.yearOfBirth as number) > 1900) > staged.length * 0.9);
});

test('regprc: SYNC writes channel as [email|null, phone|null], [null, null] included; stages list given ones', () => {
  const syncShapes = new Set(sync.map((p) => JSON.stringify(p.channel)));
  for (const shape of ['[null,null]', '["email","phone"]', '[null,"phone"]', '["email",null]']) {
    assert.ok(syncShapes.has(shape), shape);
  }
  const stagedShapes = new Set(staged.map((p) => JSON.stringify(p.channel)));
  for (const shape of stagedShapes)
    assert.ok(['[]', '["email"]', '["phone"]', '["email","phone"]'].includes(shape));
  // What the sync service does not know yet is null.
  for (const p of sync) {
    assert.equal(p.gender, null);
    assert.equal(p.biometricInfo, null);
    assert.equal(p.endDateTime, null);
  }
});

test('regprc: biometricInfo has upper-case types, camel-case subTypes, numeric scores, string attempts', () => {
  const types = new Set(biometrics.map((b) => b.type));
  assert.deepEqual([...types].sort(), ['FACE', 'FINGER', 'IRIS']);
  for (const b of biometrics) {
    assert.equal(typeof b.qualityScore, 'number');
    assert.ok((b.qualityScore as number) >= 1 && (b.qualityScore as number) <= 100);
    assert.match(String(b.attempts), /^[123]$/);
    assert.equal(typeof b.attempts, 'string');
    if (b.type === 'FINGER')
      assert.match(b.subType, /^(Left|Right) (Thumb|IndexFinger|MiddleFinger|RingFinger|LittleFinger)$/);
    if (b.type === 'IRIS') assert.ok(['Left', 'Right'].includes(b.subType));
    if (b.type === 'FACE') assert.equal(b.subType, '');
  }
});

test('regprc: digitalId is a JSON string describing the device', () => {
  for (const b of biometrics.slice(0, 2000)) {
    assert.equal(typeof b.digitalId, 'string');
    const device = JSON.parse(b.digitalId);
    for (const key of ['serialNo', 'make', 'model', 'type', 'deviceSubType', 'deviceProvider', 'dateTime']) {
      assert.equal(typeof device[key], 'string', key);
    }
    assert.equal(device.type.toUpperCase(), b.type);
  }
});

test('regprc: assisted, device, exceptions, verified, documents, centre', () => {
  for (const p of staged) {
    const assisted = p.assisted as unknown[];
    assert.equal(assisted.length, 2);
    assert.ok(assisted.every((id) => typeof id === 'string'));
    const device = p.device as Record<string, string>;
    assert.equal(device.software, 'registration-client');
    assert.ok(device.id!.startsWith(`${p.enrollmentCenterId ?? p.registrationCenterId}_`));
    assert.ok(Array.isArray(p.exceptions) && Array.isArray(p.verified) && Array.isArray(p.documents));
    assert.match(String(p.endDateTime), /Z$/);
  }
  assert.ok(count(staged, (p) => (p.exceptions as unknown[]).length > 0) > 0);
  assert.ok(count(staged, (p) => (p.biometricInfo as unknown[]).length === 0) > 0);
  assert.ok(count(profiles, (p) => typeof p.registrationCenterId === 'string') > 0);
  assert.ok(count(staged, (p) => p.gender === null) > 0);
  assert.ok(count(staged, (p) => p.preferredLanguages === null) > 0);
  assert.ok(count(staged, (p) => JSON.stringify(p.preferredLanguages) === '["ara","fra"]') > 0);
});

test('regprc: date is mostly a day, sometimes the full instant older releases wrote', () => {
  const days = count(profiles, (p) => dayPattern.test(String(p.date)));
  const instants = count(profiles, (p) => /^\d{4}-\d{2}-\d{2}T.*Z$/.test(String(p.date)));
  assert.equal(days + instants, profiles.length);
  assert.ok(instants > 0 && instants < days);
});
