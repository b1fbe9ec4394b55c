import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrichmentOf, noCapture } from '../fixtures/enrichment.ts';
import { issuanceSample } from '../fixtures/sample-profiles.ts';
import { issuanceDocument } from './document.ts';

const fields = [
  'age',
  'ageGroup',
  'location',
  'channelClass',
  'biometrics',
  'isNew',
  'changedFields',
] as const;

describe('the issuance document of the MOSIP sample (normalised first)', () => {
  it("idrepo: the new profile's demographics, a bare date (no hour), the fields the update changed", () => {
    const { profile, createdAt } = issuanceSample();
    assert.deepEqual(enrichmentOf(issuanceDocument, profile, createdAt, fields), {
      eventTime: { instant: '2026-03-15T00:00:00.000Z', hasTimeOfDay: false },
      time: {
        day: '2026-03-15',
        week: '2026-W11',
        month: '2026-03',
        quarter: '2026-Q1',
        year: 2026,
        weekday: 'Sunday',
        weekdayNumber: 7,
        hour: null,
      },
      age: 39,
      ageGroup: '18-60',
      location: {
        level1: 'Tanger Tetouan Al Hoceima',
        level2: 'Tanger',
        path: 'Tanger Tetouan Al Hoceima > Tanger',
        depth: 2,
      },
      channelClass: 'phone and email',
      biometrics: {
        count: 1,
        exceptions: 0,
        device: ['MOSIP SLAP01'],
        deviceSerial: ['FS-0931'],
        finger: {
          count: 1,
          qualityMean: 71,
          qualityMin: 71,
          attempts: 1,
          exceptions: 0,
          device: ['MOSIP SLAP01'],
          deviceMake: ['MOSIP'],
          deviceModel: ['SLAP01'],
        },
        iris: noCapture(0),
        face: noCapture(0),
      },
      isNew: false,
      changedFields: ['location', 'channel', 'verified', 'documents'],
    });
  });
});
