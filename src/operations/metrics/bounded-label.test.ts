import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedLabel } from './bounded-label.ts';

test('field path labels: numbers collapsed, at most `max` per group, the rest "other"', () => {
  const label = boundedLabel(3);
  const paths = Array.from({ length: 50 }, (_, i) => `location.level${i + 9}`);
  assert.deepEqual(new Set(paths.map((p) => label('mosip-prereg', p))), new Set(['location.levelN']));
  assert.equal(label('mosip-prereg', 'biometricInfo[7].name'), 'biometricInfo[N].name');
  assert.equal(label('mosip-prereg', 'phone'), 'phone');
  assert.equal(label('mosip-prereg', 'email'), 'other');
  assert.equal(label('mosip-prereg', 'phone'), 'phone', 'a value already counted keeps its series');
  assert.equal(label('mosip-ida', 'email'), 'email', 'each group has its own budget');
});
