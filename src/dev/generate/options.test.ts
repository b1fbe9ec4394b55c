import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../config/errors.ts';
import { databaseUrl, defaultBatchSize, defaultSeed, parseGenerateFlags } from './options.ts';
import { defaultWindowEnd } from './time.ts';

test('defaults: every table, the fixed seed, 2000 rows per batch, 365 days before the fixed date', () => {
  const plan = parseGenerateFlags({ rows: '1000' });
  assert.deepEqual(plan.tables, ['prereg', 'regprc', 'idrepo', 'ida']);
  assert.equal(plan.rows, 1000);
  assert.equal(plan.rate, undefined);
  assert.equal(plan.seed, defaultSeed);
  assert.equal(plan.batchSize, defaultBatchSize);
  assert.deepEqual(plan.clock, {
    kind: 'window',
    startMs: defaultWindowEnd - 365 * 86_400_000,
    endMs: defaultWindowEnd,
  });
  assert.equal(plan.pgUrl, undefined);
});

test('tables: one, a list (deduplicated), or all', () => {
  assert.deepEqual(parseGenerateFlags({ rows: '1', table: 'ida' }).tables, ['ida']);
  assert.deepEqual(parseGenerateFlags({ rows: '1', table: 'ida, prereg,ida' }).tables, ['ida', 'prereg']);
  assert.equal(parseGenerateFlags({ rows: '1', table: 'all' }).tables.length, 4);
});

test('numbers: 1e6 and 1_000_000 are a million rows; --rate may be fractional', () => {
  assert.equal(parseGenerateFlags({ rows: '1e6' }).rows, 1_000_000);
  assert.equal(parseGenerateFlags({ rows: '1_000_000' }).rows, 1_000_000);
  assert.equal(parseGenerateFlags({ rate: '0.5' }).rate, 0.5);
});

test('--rate without --rows streams until interrupted; neither is an error', () => {
  assert.equal(parseGenerateFlags({ rate: '100' }).rows, undefined);
  assert.throws(
    () => parseGenerateFlags({}),
    (e) => e instanceof ConfigError && /--rows/.test(e.message),
  );
});

test('--until and --days set the event window', () => {
  const plan = parseGenerateFlags({ rows: '1', until: '2025-01-01', days: '10' });
  assert.deepEqual(plan.clock, {
    kind: 'window',
    startMs: Date.UTC(2024, 11, 22),
    endMs: Date.UTC(2025, 0, 1),
  });
});

test('every bad value fails with a ConfigError naming its option', () => {
  const cases: [Record<string, string>, string][] = [
    [{ rows: '0' }, '--rows'],
    [{ rows: '-5' }, '--rows'],
    [{ rows: '1.5' }, '--rows'],
    [{ rows: 'many' }, '--rows'],
    [{ rows: '' }, '--rows'],
    [{ rows: '1', table: 'resident' }, '--table'],
    [{ rate: '0' }, '--rate'],
    [{ rate: 'fast' }, '--rate'],
    [{ rows: '1', batch: '0' }, '--batch'],
    [{ rows: '1', batch: '100000' }, '--batch'],
    [{ rows: '1', seed: ' ' }, '--seed'],
    [{ rows: '1', days: '0' }, '--days'],
    [{ rows: '1', until: '2025-02-30' }, '--until'],
    [{ rows: '1', until: 'yesterday' }, '--until'],
    [{ rows: '1', pgUrl: 'localhost:5432' }, '--pg-url'],
    [{ rows: '1', pgUrl: 'mysql://h/db' }, '--pg-url'],
  ];
  for (const [flags, option] of cases) {
    assert.throws(
      () => parseGenerateFlags(flags),
      (e) => e instanceof ConfigError && e.message.startsWith(`${option}:`),
      `${JSON.stringify(flags)} should fail on ${option}`,
    );
  }
});

test('databaseUrl swaps the database and keeps the rest of the server URL', () => {
  assert.equal(
    databaseUrl('postgres://u:p@db.example:5433/postgres?sslmode=require', 'mosip_ida'),
    'postgres://u:p@db.example:5433/mosip_ida?sslmode=require',
  );
  assert.equal(databaseUrl('postgresql://h', 'mosip_prereg'), 'postgresql://h/mosip_prereg');
});
