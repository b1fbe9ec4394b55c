import type { GeneratorTable } from '../../src/dev/generate/source-row.ts';

/**
 * Profiles no service should write but real tables hold: each kind is a way a row can be wrong, from text
 * that is no JSON to a valid profile too large for Kafka. `profile` builds the column's text from a valid
 * profile of the same table (so only the defect differs).
 */
export type MalformedKind = {
  name: string;
  profile: (valid: Record<string, unknown>, table: GeneratorTable) => string;
};

const date = (valid: Record<string, unknown>) => (typeof valid.date === 'string' ? valid.date : '2026-03-15');

export const malformedKinds: readonly MalformedKind[] = [
  { name: 'not-json', profile: () => '{"gender": "Female", ' },
  { name: 'json-array', profile: () => '[{"gender": "Female"}]' },
  { name: 'json-null', profile: () => 'null' },
  { name: 'json-string', profile: () => '"a profile"' },
  { name: 'json-number', profile: () => '42' },
  { name: 'empty-text', profile: () => '' },
  {
    name: 'over-1mb',
    profile: (valid) => JSON.stringify({ ...valid, status: 'x'.repeat(1_200_000) }),
  },
  {
    name: 'deep-nesting',
    profile: (valid) =>
      `{"date": ${JSON.stringify(date(valid))}, "location": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
  },
  {
    name: 'lone-surrogate',
    profile: (valid) => JSON.stringify({ ...valid, gender: 'Fem' }).replace('"Fem"', '"\\ud800Fem"'),
  },
  {
    name: 'huge-array',
    profile: (valid) => JSON.stringify({ ...valid, location: Array.from({ length: 150_000 }, () => null) }),
  },
  { name: 'future-birth-year', profile: (valid) => JSON.stringify({ ...valid, yearOfBirth: 3050 }) },
  {
    name: 'nan-quality',
    profile: (valid) =>
      JSON.stringify({
        ...valid,
        biometricInfo: [{ type: 'FINGER', subType: 'Left Thumb', qualityScore: 'NaN' }],
      }),
  },
  { name: 'gender-number', profile: (valid) => JSON.stringify({ ...valid, gender: 1 }) },
  {
    name: 'unknown-modality',
    profile: (valid) => JSON.stringify({ ...valid, biometricInfo: [{ type: 'TOE', qualityScore: 50 }] }),
  },
  { name: 'impossible-date', profile: (valid) => JSON.stringify({ ...valid, date: '2026-02-30' }) },
  { name: 'bom-prefixed', profile: (valid) => `\uFEFF${JSON.stringify(valid)}` },
  { name: 'wrong-list-type', profile: (valid) => JSON.stringify({ ...valid, location: 'Rabat' }) },
  {
    name: 'issuance-without-new-profile',
    profile: (valid, table) =>
      table === 'idrepo'
        ? JSON.stringify({ processName: 'Update', date: date(valid) })
        : JSON.stringify({ ...valid, date: 17 }),
  },
];

/** Personal data that must never reach Elasticsearch, with a marker to search the documents for. */
export function withPersonalFields(valid: Record<string, unknown>, n: number): string {
  return JSON.stringify({
    ...valid,
    name: `CHAOS-PII-${n} Fatima Zahra`,
    phone: `+212600CHAOS${n}`,
    email: `chaos-pii-${n}@example.ma`,
    address: `CHAOS-PII-${n} Rue des Orangers`,
  });
}

export const personalMarker = /CHAOS-PII|chaos-pii|600CHAOS/;
