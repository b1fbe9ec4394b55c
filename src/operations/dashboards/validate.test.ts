import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInIndexBodies } from '../../kinds/index.ts';
import type { Panel } from './types.ts';
import {
  fieldModality,
  fieldProblems,
  mappedType,
  modalityProblems,
  shapeProblems,
  validatePanels,
} from './validate.ts';

const bodies = builtInIndexBodies();

const irisByDevice: Panel = {
  id: 'ida-iris-quality-by-device',
  profile: 'ida',
  title: 'Iris quality by capture device',
  description: '',
  chart: 'bar_horizontal',
  modality: 'iris',
  metrics: [{ op: 'avg', field: 'biometrics.iris.qualityMean', label: 'Mean iris quality' }],
  buckets: [{ type: 'terms', field: 'biometrics.iris.device', label: 'Iris device', size: 10 }],
  width: 'half',
};

describe('mappedType', () => {
  const properties = bodies.registration.mappings.properties;
  it('walks dotted paths through object mappings', () => {
    assert.equal(mappedType(properties, '@timestamp'), 'date');
    assert.equal(mappedType(properties, 'biometrics.face.qualityMean'), 'double');
    assert.equal(mappedType(properties, 'location.level2'), 'keyword');
  });
  it('is undefined for unmapped paths and for objects', () => {
    assert.equal(mappedType(properties, 'biometrics.palm.qualityMean'), undefined);
    assert.equal(mappedType(properties, 'biometrics.finger'), undefined);
    assert.equal(mappedType(properties, 'gender.x'), undefined);
    assert.equal(mappedType(properties, 'partnerName'), undefined);
  });
});

describe('modality check (what MOSIP dashboards got wrong)', () => {
  it('accepts a panel that aggregates its own modality', () => {
    assert.deepEqual(modalityProblems(irisByDevice), []);
  });

  it("refuses an iris panel averaging the finger modality's quality (MOSIP's bug)", () => {
    const wrong: Panel = {
      ...irisByDevice,
      metrics: [{ op: 'avg', field: 'biometrics.finger.qualityMean', label: 'Mean iris quality' }],
    };
    const problems = modalityProblems(wrong);
    assert.ok(
      problems.some((p) => p.includes('biometrics.finger.qualityMean is a finger field in the iris panel')),
    );
    assert.ok(problems.some((p) => p.includes("'Mean iris quality' names iris but aggregates")));
  });

  it('refuses a mislabelled metric even when the panel declares the right modality', () => {
    const wrong: Panel = {
      ...irisByDevice,
      metrics: [{ op: 'avg', field: 'biometrics.iris.qualityMean', label: 'Mean face quality' }],
    };
    assert.deepEqual(modalityProblems(wrong), [
      "'Mean face quality' names face but aggregates biometrics.iris.qualityMean",
    ]);
  });

  it('refuses a modality field in a panel that declares no modality, and a title without it', () => {
    const { modality: _, ...undeclared } = irisByDevice;
    assert.ok(modalityProblems(undeclared).some((p) => p.includes('declares no modality')));
    assert.deepEqual(modalityProblems({ ...irisByDevice, title: 'Quality by capture device' }), [
      "title 'Quality by capture device' does not name its modality iris",
    ]);
  });

  it('reads the modality of a field path', () => {
    assert.equal(fieldModality('biometrics.face.device'), 'face');
    assert.equal(fieldModality('biometrics.device'), undefined);
    assert.equal(fieldModality('face'), undefined);
  });
});

describe('fieldProblems', () => {
  it('names fields the kind does not map, and uses that need another type', () => {
    const panel: Panel = {
      ...irisByDevice,
      id: 'x',
      profile: 'ida',
      metrics: [{ op: 'avg', field: 'processingSeconds', label: 'Mean' }],
      buckets: [{ type: 'date_histogram', field: '@timestamp', label: 'Month', interval: 'month' }],
      filter: { field: 'success', value: 'true' },
    };
    assert.deepEqual(fieldProblems(panel, bodies), [
      'processingSeconds is not in the authentication mapping (src/kinds/authentication/mapping.json)',
      'term on success needs another type than boolean',
    ]);
    const avgOfKeyword: Panel = { ...irisByDevice, metrics: [{ op: 'avg', field: 'gender', label: 'x' }] };
    assert.deepEqual(fieldProblems(avgOfKeyword, bodies), ['avg on gender needs another type than keyword']);
  });
});

describe('shapeProblems', () => {
  it('knows what each chart can draw', () => {
    assert.deepEqual(shapeProblems(irisByDevice), []);
    assert.ok(shapeProblems({ ...irisByDevice, chart: 'metric' }).includes('a metric chart has no bucket'));
    assert.ok(
      shapeProblems({ ...irisByDevice, chart: 'bar_horizontal_percentage' }).includes(
        'a percentage chart splits document counts by a second bucket',
      ),
    );
    assert.ok(
      shapeProblems({ ...irisByDevice, id: 'Bad Id' }).includes('id: lower-case words joined by dashes'),
    );
  });

  it('validatePanels reports duplicate ids', () => {
    assert.deepEqual(validatePanels([irisByDevice, irisByDevice], bodies), [
      'ida-iris-quality-by-device: duplicate id',
    ]);
  });
});
