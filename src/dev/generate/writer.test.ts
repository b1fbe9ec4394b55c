import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxBatchSize } from './options.ts';
import { sampleRows } from './row-source.ts';
import { insertStatement, insertValues, maxRowsPerStatement } from './writer.ts';

const regprc = { schema: 'regprc', table: 'anonymous_profile', withStage: true };
const ida = { schema: 'ida', table: 'anonymous_profile', withStage: false };

test('regprc INSERT carries process_stage; one parameter per value', () => {
  assert.equal(
    insertStatement(regprc, 2),
    'INSERT INTO "regprc"."anonymous_profile" (id, process_stage, profile, cr_by, cr_dtimes, is_deleted) VALUES ($1,$2,$3,$4,$5,$6),($7,$8,$9,$10,$11,$12)',
  );
  const rows = sampleRows('regprc', 2, 'w');
  assert.deepEqual(insertValues(regprc, rows), [
    rows[0]!.id,
    rows[0]!.processStage,
    rows[0]!.profile,
    'SYSTEM',
    rows[0]!.crDtimes,
    false,
    rows[1]!.id,
    rows[1]!.processStage,
    rows[1]!.profile,
    'SYSTEM',
    rows[1]!.crDtimes,
    false,
  ]);
});

test('other tables have no process_stage; prereg sends is_deleted as null', () => {
  assert.equal(
    insertStatement(ida, 1),
    'INSERT INTO "ida"."anonymous_profile" (id, profile, cr_by, cr_dtimes, is_deleted) VALUES ($1,$2,$3,$4,$5)',
  );
  const prereg = { schema: 'prereg', table: 'anonymous_profile', withStage: false };
  const [row] = sampleRows('prereg', 1, 'w');
  assert.deepEqual(insertValues(prereg, [row!]), [
    row!.id,
    row!.profile,
    'prereg-service',
    row!.crDtimes,
    null,
  ]);
});

test('the largest allowed batch fits in one statement (65535 parameters at most)', () => {
  assert.ok(maxRowsPerStatement(regprc) >= maxBatchSize);
  assert.ok(maxRowsPerStatement(ida) >= maxBatchSize);
  assert.ok(maxBatchSize * 6 <= 65_535);
});
