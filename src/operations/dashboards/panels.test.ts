import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConnectors } from '../../connectors/load.ts';
import { builtInIndexBodies } from '../../kinds/index.ts';
import { kibanaNdjson } from './kibana.ts';
import { dashboards, panels } from './panels.ts';
import { indexOf, profiles } from './profiles.ts';
import { modalities, type Panel, type ProfileName, profileNames } from './types.ts';
import { modalityProblems, panelFields, validatePanels } from './validate.ts';

const repo = resolve(import.meta.dirname, '../../..');
const committed = resolve(repo, 'kibana/profile-cdc.ndjson');

const of = (profile: ProfileName) => panels.filter((p) => p.profile === profile);
/** The fields a panel aggregates (its filter aside). */
const names = (panel: Panel) =>
  panelFields(panel)
    .filter((f) => f.role !== 'filter')
    .map((f) => f.field);
const some = (profile: ProfileName, test: (p: Panel) => boolean, what: string) =>
  assert.ok(of(profile).some(test), `${profile}: no panel ${what}`);

describe('panel definitions', () => {
  it('are sound: fields mapped with fitting types, shapes drawable, each modality panel on its own fields', () => {
    assert.deepEqual(validatePanels(panels, builtInIndexBodies()), []);
  });

  it('give every profile a dashboard with totals, time, gender, age group by gender and location levels', () => {
    assert.deepEqual(
      dashboards.map((d) => d.profile),
      [...profileNames],
    );
    for (const profile of profileNames) {
      some(profile, (p) => p.chart === 'metric' && p.metrics[0]?.op === 'count', 'with the total');
      some(profile, (p) => p.buckets[0]?.type === 'date_histogram', 'over time');
      some(profile, (p) => p.buckets.length === 1 && names(p).includes('gender'), 'by gender');
      some(profile, (p) => names(p).join() === 'ageGroup,gender', 'of age group by gender');
      some(profile, (p) => names(p).includes('location.level1'), 'by location.level1');
      some(profile, (p) => names(p).includes('location.level2'), 'by location.level2');
    }
  });

  it("cover each profile's own figures", () => {
    for (const profile of ['prereg', 'regprc'] as const)
      some(profile, (p) => names(p).includes('registrationCenterId'), 'of top centres');
    for (const profile of ['regprc', 'idrepo', 'ida'] as const) {
      for (const m of modalities) {
        some(
          profile,
          (p) => p.modality === m && names(p).includes(`biometrics.${m}.qualityMean`),
          `of ${m} quality`,
        );
        some(
          profile,
          (p) => p.modality === m && names(p).includes(`biometrics.${m}.device`),
          `of ${m} devices`,
        );
      }
    }
    some('regprc', (p) => names(p).includes('processingSeconds'), 'of processing time');
    some('idrepo', (p) => names(p).includes('processName'), 'of new vs update');
    some('idrepo', (p) => names(p).includes('isNew'), 'of new vs update over time');
    some('idrepo', (p) => names(p).includes('changedFields'), 'of changed fields');
    some('ida', (p) => names(p).join() === 'partnerName,success', 'of success rate by partner');
    // By the canonical method, not the raw codes: OTP-AUTH and OTP are one bar, FINGER-AUTH is biometric.
    some('ida', (p) => names(p).join() === 'authMethods,success', 'of success rate by method');
    some('ida', (p) => names(p).join() === 'authModalities,success', 'of biometric success by modality');
    some('ida', (p) => p.chart === 'pie' && names(p).join() === 'authType', 'of authentication types');
    some('ida', (p) => names(p).includes('errorCodes'), 'of error codes');
  });

  it('name, in every per-modality panel, only that modality (title and every biometrics field)', () => {
    const perModality = panels.filter((p) => p.modality !== undefined);
    assert.equal(perModality.length, 3 * 3 * 2);
    for (const p of perModality) {
      assert.deepEqual(modalityProblems(p), [], p.id);
      for (const field of names(p).filter((f) => f.startsWith('biometrics.')))
        assert.ok(field.startsWith(`biometrics.${p.modality}.`), `${p.id}: ${field}`);
    }
  });

  it('use the index names connectors/*.yaml give the aliases', () => {
    const connectors = loadConnectors(resolve(repo, 'connectors'));
    for (const profile of profileNames) {
      const connector = connectors.find((c) => c.name === profile);
      assert.equal(connector?.index, indexOf(profile), profile);
      assert.equal(connector?.kind, profiles[profile].kind, profile);
    }
  });
});

describe('kibana/profile-cdc.ndjson', () => {
  it('is what the definitions generate (else: npx profile-cdc kibana export --out kibana/profile-cdc.ndjson)', () => {
    const expected = kibanaNdjson();
    const actual = readFileSync(committed, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = e.findIndex((l, i) => l !== a[i]);
      assert.fail(
        `kibana/profile-cdc.ndjson is stale from line ${line + 1} (${(e[line] ?? '').slice(0, 120)}); ` +
          'regenerate it: npx profile-cdc kibana export --out kibana/profile-cdc.ndjson',
      );
    }
  });
});
