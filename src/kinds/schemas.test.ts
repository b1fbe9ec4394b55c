import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import avro, { type Type } from 'avsc';
import { canonicalForm } from '../encode/fingerprint.ts';
import { readSchemaFile, schemaNamed } from '../encode/load-schemas.ts';
import { builtInKinds } from './index.ts';
import { masterKindNames } from './master/index.ts';
import { loadSchemas } from './schemas.ts';

const schemas = loadSchemas();

/** Every named type reachable from `type`, by full name. */
function namedTypes(type: Type, found = new Map<string, Type>()): Map<string, Type> {
  if (type.name !== undefined) {
    if (found.has(type.name)) return found;
    found.set(type.name, type);
  }
  const { ArrayType, RecordType, UnwrappedUnionType, LogicalType } = avro.types;
  if (type instanceof RecordType) for (const f of type.fields) namedTypes(f.type, found);
  if (type instanceof ArrayType) namedTypes(type.itemsType, found);
  if (type instanceof UnwrappedUnionType) for (const t of type.types) namedTypes(t, found);
  if (type instanceof LogicalType) namedTypes(type.underlyingType, found);
  return found;
}

describe('the Avro schemas (src/kinds/<kind>/<kind>.avsc, encode/deadletter.avsc)', () => {
  it('has one schema per profile kind, one per master-data kind and one for dead letters', () => {
    assert.deepEqual([...schemas.keys()].sort(), [...builtInKinds, ...masterKindNames, 'deadletter'].sort());
    for (const kind of builtInKinds) {
      assert.equal(
        schemaNamed(schemas, kind).type.name,
        `io.mosip.profilecdc.${kind[0]?.toUpperCase()}${kind.slice(1)}Change`,
      );
    }
  });

  it('defines each shared type (Source, Row, Biometric ...) the same way in every file', () => {
    const seen = new Map<string, { file: string; form: string }>();
    for (const [file, schema] of schemas) {
      for (const [name, type] of namedTypes(schema.type)) {
        const first = seen.get(name);
        if (first)
          assert.equal(canonicalForm(type), first.form, `${name} differs between ${first.file} and ${file}`);
        else seen.set(name, { file, form: canonicalForm(type) });
      }
    }
    assert.ok(seen.has('io.mosip.profilecdc.Source') && seen.has('io.mosip.profilecdc.Biometric'));
  });

  it('gives every optional field ["null", T] with default null, so fields can be added compatibly', () => {
    for (const [file, schema] of schemas) {
      for (const type of namedTypes(schema.type).values()) {
        if (!(type instanceof avro.types.RecordType)) continue;
        for (const field of type.fields) {
          if (!(field.type instanceof avro.types.UnwrappedUnionType)) continue;
          assert.equal(field.type.types[0]?.typeName, 'null', `${file}: ${type.name}.${field.name}`);
          assert.equal(field.defaultValue(), null, `${file}: ${type.name}.${field.name} default`);
        }
      }
    }
  });

  it('names the bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avsc-'));
    writeFileSync(
      join(dir, 'broken.avsc'),
      '{"type": "record", "name": "X", "fields": [{"name": "a", "type": "nope"}]}',
    );
    assert.throws(() => readSchemaFile('broken', join(dir, 'broken.avsc')), {
      name: 'ConfigError',
      message: /broken\.avsc: .*nope/,
    });
  });
});
