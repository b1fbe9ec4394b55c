import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageAt, ageFacts, ageGroupOf } from './age.ts';
import { ageGroups, defaultAgeGroups, unknownAgeGroup } from './age-groups.ts';

const event = '2026-03-15T10:41:02.000Z';
const groupAt = (yearOfBirth: number | null) => ageFacts(yearOfBirth, event, defaultAgeGroups).ageGroup;

describe('age and age group', () => {
  it("MOSIP's default groups: 0-5, 5-18, 18-60, 60+", () => {
    assert.deepEqual(
      defaultAgeGroups.map((g) => g.label),
      ['0-5', '5-18', '18-60', '60+'],
    );
  });

  it('lo <= age < hi: an age on a boundary belongs to the upper group', () => {
    const cases: [number, string][] = [
      [0, '0-5'],
      [4, '0-5'],
      [5, '5-18'],
      [17, '5-18'],
      [18, '18-60'],
      [59, '18-60'],
      [60, '60+'],
      [120, '60+'],
    ];
    for (const [age, label] of cases) {
      assert.equal(ageGroupOf(age, defaultAgeGroups), label, `age ${age}`);
      assert.equal(groupAt(2026 - age), label, `born ${2026 - age}`);
    }
  });

  it('measured at the event year, never today', () => {
    assert.equal(ageAt(1990, '2000-06-01T00:00:00.000Z'), 10);
    assert.deepEqual(ageFacts(1958, event, defaultAgeGroups), { age: 68, ageGroup: '60+' });
  });

  it('missing, 0, future or implausible years of birth are "unknown", not "60+" as in MOSIP\'s pipeline', () => {
    for (const yearOfBirth of [null, 0, -1958, 2027, 3050, 1905, 1000]) {
      const facts = ageFacts(yearOfBirth, event, defaultAgeGroups);
      assert.deepEqual(facts, { age: null, ageGroup: unknownAgeGroup }, `yearOfBirth ${yearOfBirth}`);
      assert.notEqual(facts.ageGroup, '60+');
    }
    assert.equal(groupAt(1906), '60+', '120 years is still plausible');
  });

  it('no event time: unknown (today is never the reference)', () => {
    assert.deepEqual(ageFacts(1958, null, defaultAgeGroups), { age: null, ageGroup: 'unknown' });
  });

  it('maxAge is configurable', () => {
    assert.equal(ageAt(1926, event, 100), 100);
    assert.equal(ageAt(1925, event, 100), null);
  });

  it('configured groups, and an age in a gap between them is "other"', () => {
    const groups = ageGroups([
      { label: 'child', min: 0, max: 18 },
      { label: 'adult', min: 18, max: 65 },
      { label: 'senior', min: 70 },
    ]);
    assert.equal(ageGroupOf(17, groups), 'child');
    assert.equal(ageGroupOf(18, groups), 'adult');
    assert.equal(ageGroupOf(67, groups), 'other');
    assert.equal(ageGroupOf(70, groups), 'senior');
    assert.equal(ageGroupOf(null, groups), 'unknown');
  });
});
