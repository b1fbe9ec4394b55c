import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '../encode/change-record.ts';
import { defaultEnrichOptions } from '../enrich/options.ts';
import { sampleRecord } from '../sink/document/fixtures/sample-records.ts';
import { guard } from '../sink/document/guard.ts';
import { toDocument } from '../sink/document/to-document.ts';
import { fullAuthentication, fullIssuance, fullRegistration } from './fixtures/full-profiles.ts';
import { mappedLeaves, mismatches } from './fixtures/mapping-walk.ts';
import { fullMasterView } from './fixtures/master-view.ts';
import { type SampleName, sampleNames } from './fixtures/samples.ts';
import { type BuiltInKind, builtInIndexBodies, builtInKinds, type CanonicalProfiles } from './index.ts';
import { coreFieldTypes, type FieldMapping, isObjectMapping, readIndexBody } from './mapping.ts';

const bodies = builtInIndexBodies();

function sampleDocument(name: SampleName): { kind: BuiltInKind; document: object } {
  const { connector, record } = sampleRecord(name);
  const action = toDocument(connector, record);
  if (!('body' in action)) throw new Error(`${name}: expected a document`);
  return { kind: connector.kind, document: action.body };
}

const fullProfiles: { [K in BuiltInKind]: CanonicalProfiles[K] } = {
  registration: fullRegistration,
  issuance: fullIssuance,
  authentication: fullAuthentication,
};

function fullDocument<K extends BuiltInKind>(kind: K): object {
  const { record } = sampleRecord(
    kind === 'registration' ? 'regprc' : kind === 'issuance' ? 'idrepo' : 'ida',
  );
  const full: ChangeRecord<CanonicalProfiles[K]> = {
    ...record,
    row: {
      ...record.row,
      process_stage: 'stage',
      upd_by: 'u',
      upd_dtimes: record.row.cr_dtimes,
      del_dtimes: record.row.cr_dtimes,
    },
    profile: fullProfiles[kind],
    issues: [{ field: 'gender', issue: 'unknown-code' }],
  };
  const action = toDocument({ name: 'full', kind }, full, {
    ...defaultEnrichOptions,
    master: fullMasterView,
  });
  if (!('body' in action)) throw new Error('expected a document');
  return action.body;
}

/** The tombstone of a sample row of the kind. */
function tombstone(kind: BuiltInKind): object {
  const { connector, record } = sampleRecord(
    kind === 'registration' ? 'regprc' : kind === 'issuance' ? 'idrepo' : 'ida',
  );
  const action = toDocument(connector, { ...record, op: 'd', profile: null });
  if (!('tombstone' in action)) throw new Error('expected a tombstone');
  return action.tombstone;
}

/**
 * Declared but never written, on purpose: ida reports no biometric exceptions, yet the biometrics block
 * stays the same in every mapping so a data view over every index sees one type per field.
 */
const sharedButUnused: Record<BuiltInKind, string[]> = {
  registration: [],
  issuance: [],
  authentication: [
    'biometrics.exceptions',
    'biometrics.finger.exceptions',
    'biometrics.iris.exceptions',
    'biometrics.face.exceptions',
  ],
};

function types(properties: Record<string, FieldMapping>): string[] {
  return Object.values(properties).flatMap((f) =>
    isObjectMapping(f) ? [f.type ?? 'object', ...types(f.properties)] : [f.type],
  );
}

describe('index mappings (src/kinds/<kind>/mapping.json)', () => {
  it('one per kind: dynamic strict, 1 shard, 0 replicas', () => {
    for (const kind of builtInKinds) {
      const { settings, mappings } = bodies[kind];
      assert.equal(mappings.dynamic, 'strict', kind);
      assert.equal(mappings._meta?.kind, kind);
      assert.deepEqual(settings, { index: { number_of_shards: 1, number_of_replicas: 0 } }, kind);
    }
  });

  it('only core types, which the integ-test-zip Elasticsearch has; objects, never nested', () => {
    const allowed = new Set<string>([...coreFieldTypes, 'object']);
    for (const kind of builtInKinds) {
      for (const type of types(bodies[kind].mappings.properties))
        assert.ok(allowed.has(type), `${kind}: ${type}`);
    }
  });

  it('the blocks every kind shares are declared identically', () => {
    const shared = [
      '@timestamp',
      'time',
      'source',
      'row',
      'date',
      'location',
      'biometrics',
      'age',
      'ageGroup',
      'deleted',
    ];
    const [first, ...rest] = builtInKinds.map((kind) => bodies[kind].mappings.properties);
    for (const other of rest) {
      for (const name of shared) assert.deepEqual(other?.[name], first?.[name], name);
    }
  });

  it('every field toDocument writes for the four samples is declared, with a type that holds its value', () => {
    for (const name of sampleNames) {
      const { kind, document } = sampleDocument(name);
      assert.deepEqual(mismatches(document, bodies[kind].mappings.properties), [], name);
      assert.deepEqual(
        guard(bodies[kind].mappings, document).dropped,
        [],
        `${name}: the guard drops nothing`,
      );
    }
  });

  it('fully populated profiles and tombstones reach every declared field, and nothing undeclared', () => {
    for (const kind of builtInKinds) {
      const seen = new Set<string>();
      const properties = bodies[kind].mappings.properties;
      assert.deepEqual(mismatches(fullDocument(kind), properties, seen), [], kind);
      assert.deepEqual(mismatches(tombstone(kind), properties, seen), [], `${kind} tombstone`);
      const unreached = mappedLeaves(properties).filter(
        (path) => !seen.has(path) && !sharedButUnused[kind].includes(path),
      );
      assert.deepEqual(unreached, [], `${kind}: declared but never written`);
    }
  });

  it('the loader refuses a non-core type and a dynamic mapping, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mappings-'));
    const registration = structuredClone(bodies.registration);
    (registration.mappings.properties as Record<string, unknown>).processingSeconds = {
      type: 'scaled_float',
    };
    writeFileSync(join(dir, 'registration.json'), JSON.stringify(registration));
    assert.throws(
      () => readIndexBody(join(dir, 'registration.json')),
      /registration\.json: mappings\.properties\.processingSeconds/,
    );
    const dynamic = { ...bodies.issuance, mappings: { ...bodies.issuance.mappings, dynamic: true } };
    writeFileSync(join(dir, 'issuance.json'), JSON.stringify(dynamic));
    assert.throws(() => readIndexBody(join(dir, 'issuance.json')), /issuance\.json: mappings\.dynamic/);
  });
});
