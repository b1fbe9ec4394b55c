import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatorTables } from './source-row.ts';
import { count, parsedRows } from './test-support.ts';

test('every table carries the defects real tables hold, at low rates; only the defect differs', () => {
  for (const table of generatorTables) {
    const clean = parsedRows(table, 4000, 'defects').map((r) => r.json);
    const real = parsedRows(table, 4000, 'defects', true).map((r) => r.json);
    const profileOf = (p: Record<string, unknown>) =>
      (table === 'idrepo' ? p.newProfile : p) as Record<string, unknown>;
    const futureBirths = count(
      real,
      (p) =>
        Number(profileOf(p).yearOfBirth) > 2100 ||
        Number(profileOf(p).yearOfBirth) > new Date(String(p.date).slice(0, 10)).getUTCFullYear(),
    );
    const noChannel = count(real, (p) => table !== 'ida' && !('channel' in profileOf(p)));
    const badScores = count(real, (p) =>
      ((profileOf(p).biometricInfo as Record<string, unknown>[] | undefined) ?? []).some((b) =>
        ['NaN', '', 'good'].includes(b.qualityScore as string),
      ),
    );
    assert.ok(
      futureBirths > 0 && futureBirths < real.length * 0.02,
      `${table}: ${futureBirths} births after the event`,
    );
    if (table !== 'ida')
      assert.ok(noChannel > 0 && noChannel < real.length * 0.05, `${table}: ${noChannel} without channel`);
    if (table !== 'prereg')
      assert.ok(badScores > 0 && badScores < real.length * 0.2, `${table}: ${badScores} bad scores`);
    assert.equal(
      count(clean, (p) => !('channel' in profileOf(p)) && table !== 'ida'),
      0,
      `${table}: clean rows keep their channel`,
    );
  }
});
