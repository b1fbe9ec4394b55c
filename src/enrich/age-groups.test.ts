import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AgeGroupsConfig, ageGroups } from './age-groups.ts';

describe('age group configuration', () => {
  it('lower bounds -> contiguous groups, the last open ended', () => {
    assert.deepEqual(ageGroups([0, 18, 65]), [
      { label: '0-18', min: 0, max: 18 },
      { label: '18-65', min: 18, max: 65 },
      { label: '65+', min: 65, max: null },
    ]);
  });

  it('explicit groups keep their labels; a missing max is open ended', () => {
    assert.deepEqual(
      ageGroups([
        { label: 'minor', min: 0, max: 18 },
        { label: 'adult', min: 18 },
      ]),
      [
        { label: 'minor', min: 0, max: 18 },
        { label: 'adult', min: 18, max: null },
      ],
    );
  });

  it('refuses configurations that would misplace an age', () => {
    const bad: [string, AgeGroupsConfig][] = [
      ['empty', []],
      ['not ascending', [0, 18, 5]],
      ['negative', [-1, 5]],
      ['fractional', [0, 5.5]],
      [
        'overlapping',
        [
          { label: 'a', min: 0, max: 20 },
          { label: 'b', min: 18, max: 60 },
        ],
      ],
      [
        'open ended before the last',
        [
          { label: 'a', min: 0, max: null },
          { label: 'b', min: 18, max: 60 },
        ],
      ],
      ['max not above min', [{ label: 'a', min: 5, max: 5 }]],
      [
        'duplicate labels',
        [
          { label: 'a', min: 0, max: 5 },
          { label: 'a', min: 5, max: 10 },
        ],
      ],
      ['reserved label', [{ label: 'unknown', min: 0, max: 5 }]],
    ];
    for (const [why, config] of bad) assert.throws(() => ageGroups(config), RangeError, why);
  });
});
