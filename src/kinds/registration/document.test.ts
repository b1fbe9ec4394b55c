import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultEnrichOptions } from '../../enrich/options.ts';
import { enrichmentOf } from '../fixtures/enrichment.ts';
import { regprcDocument } from '../fixtures/regprc-document.ts';
import { registrationSample } from '../fixtures/sample-profiles.ts';
import { registrationDocument } from './document.ts';

const fields = ['age', 'ageGroup', 'location', 'channelClass', 'biometrics', 'processingSeconds'] as const;

describe('registration documents of the MOSIP samples (normalised first)', () => {
  it('prereg: its own date-time, age 35, the missing third level kept in place, no biometrics', () => {
    const { profile, createdAt } = registrationSample('prereg');
    assert.deepEqual(enrichmentOf(registrationDocument, profile, createdAt, fields), {
      eventTime: { instant: '2026-03-14T09:21:44.498Z', hasTimeOfDay: true },
      time: {
        day: '2026-03-14',
        week: '2026-W11',
        month: '2026-03',
        quarter: '2026-Q1',
        year: 2026,
        weekday: 'Saturday',
        weekdayNumber: 6,
        hour: 9,
      },
      age: 35,
      ageGroup: '18-60',
      location: {
        level1: 'Rabat Sale Kenitra',
        level2: 'Kenitra',
        level3: null,
        path: 'Rabat Sale Kenitra > Kenitra',
        depth: 2,
      },
      channelClass: 'phone and email',
      biometrics: null,
      processingSeconds: null,
    });
  });

  it('regprc: 1958 at 2026-03-15 -> 68 "60+", quality per modality, 1266.913 s of processing', () => {
    // The bare date 2026-03-15 takes the time of day of startDateTime (same day).
    const { profile, createdAt } = registrationSample('regprc');
    const base = { quality: regprcDocument.quality, source: regprcDocument.source, row: regprcDocument.row };
    assert.deepEqual(registrationDocument(profile, createdAt, defaultEnrichOptions, base), regprcDocument);
  });

  it('regprc written at the sync stage (yearOfBirth 0): age group unknown, not MOSIP\'s "60 and above"', () => {
    const { profile, createdAt } = registrationSample('regprc');
    const enrichment = enrichmentOf(
      registrationDocument,
      { ...profile, yearOfBirth: null },
      createdAt,
      fields,
    );
    assert.equal(enrichment.age, null);
    assert.equal(enrichment.ageGroup, 'unknown');
  });
});
