import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng, Weighted } from './prng.ts';
import { uuidV4 } from './test-support.ts';

test('the same seed gives the same numbers, another seed others', () => {
  const draw = (seed: string) => {
    const rng = new Prng(seed);
    return Array.from({ length: 20 }, () => rng.uint32());
  };
  assert.deepEqual(draw('a'), draw('a'));
  assert.notDeepEqual(draw('a'), draw('b'));
  assert.notDeepEqual(draw(''), draw(' '));
});

test('float stays in [0, 1) and int reaches both ends of its range', () => {
  const rng = new Prng('ranges');
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const f = rng.float();
    assert.ok(f >= 0 && f < 1);
    const n = rng.int(3, 7);
    assert.ok(Number.isInteger(n) && n >= 3 && n <= 7);
    seen.add(n);
  }
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

test('sample picks distinct items and keeps their order', () => {
  const rng = new Prng('sample');
  const items = ['a', 'b', 'c', 'd', 'e', 'f'];
  for (let i = 0; i < 1000; i++) {
    const k = rng.int(0, 6);
    const chosen = rng.sample(items, k);
    assert.equal(chosen.length, k);
    assert.equal(new Set(chosen).size, k);
    assert.deepEqual(
      chosen,
      items.filter((x) => chosen.includes(x)),
    );
  }
});

test('uuid is a well-formed v4 UUID and does not repeat over 200,000 draws', () => {
  const rng = new Prng('uuids');
  const ids = new Set<string>();
  for (let i = 0; i < 200_000; i++) {
    const id = rng.uuid();
    if (i < 1000) assert.match(id, uuidV4);
    ids.add(id);
  }
  assert.equal(ids.size, 200_000);
});

test('normal centres on its mean', () => {
  const rng = new Prng('normal');
  let sum = 0;
  for (let i = 0; i < 20_000; i++) sum += rng.normal(70, 10);
  assert.ok(Math.abs(sum / 20_000 - 70) < 0.5);
});

test('Weighted picks in proportion to the weights', () => {
  const rng = new Prng('weights');
  const table = new Weighted([
    ['rare', 1],
    ['common', 9],
    ['never', 0],
  ] as const);
  const counts = { rare: 0, common: 0, never: 0 };
  for (let i = 0; i < 20_000; i++) counts[table.pick(rng)]++;
  assert.equal(counts.never, 0);
  assert.ok(counts.rare > 1600 && counts.rare < 2400, `rare picked ${counts.rare} times`);
  assert.throws(() => new Weighted([['x', 0]]), /more than 0/);
});
