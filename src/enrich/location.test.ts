import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locationFields } from './location.ts';

describe('location', () => {
  it('levels in place, path and depth', () => {
    assert.deepEqual(locationFields(['Rabat Sale Kenitra', 'Kenitra']), {
      level1: 'Rabat Sale Kenitra',
      level2: 'Kenitra',
      path: 'Rabat Sale Kenitra > Kenitra',
      depth: 2,
    });
  });

  it('a missing trailing level stays null and does not count', () => {
    assert.deepEqual(locationFields(['Rabat Sale Kenitra', 'Kenitra', null]), {
      level1: 'Rabat Sale Kenitra',
      level2: 'Kenitra',
      level3: null,
      path: 'Rabat Sale Kenitra > Kenitra',
      depth: 2,
    });
  });

  it('a missing middle level keeps the deeper ones at their positions', () => {
    assert.deepEqual(locationFields(['A', null, 'C']), {
      level1: 'A',
      level2: null,
      level3: 'C',
      path: 'A > (unknown) > C',
      depth: 3,
    });
  });

  it('no location, or no known level', () => {
    assert.deepEqual(locationFields(null), { path: null, depth: null });
    assert.deepEqual(locationFields([]), { path: null, depth: 0 });
    assert.deepEqual(locationFields([null]), { level1: null, path: null, depth: 0 });
  });
});
