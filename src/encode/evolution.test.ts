import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSchemas } from '../kinds/schemas.ts';
import { encodeConfluent } from './confluent.ts';
import { Decoder } from './decoder.ts';
import { plainData, sampleChange } from './fixtures/changes.ts';
import { MemoryRegistry } from './fixtures/memory-registry.ts';
import { schemaNamed } from './load-schemas.ts';
import { parseSchema } from './parse-schema.ts';
import { encodeSingleObject } from './single-object.ts';

const writer = schemaNamed(loadSchemas(), 'registration');

interface RecordSchema {
  fields: { name: string; type: unknown; default?: null }[];
}

/** registration.avsc plus a new optional profile field and a new optional envelope field. */
function evolvedRegistration(): ReturnType<typeof parseSchema> {
  const schema = JSON.parse(writer.json) as RecordSchema;
  schema.fields.push({ name: 'pipelineVersion', type: ['null', 'string'], default: null });
  const profile = schema.fields.find((f) => f.name === 'profile')!;
  const [, record] = profile.type as [string, RecordSchema];
  record.fields.push({ name: 'ageGroup', type: ['null', 'string'], default: null });
  return parseSchema(schema);
}

describe('schema evolution', () => {
  const { record } = sampleChange('regprc');
  const reader = evolvedRegistration();
  const expected = {
    ...record,
    profile: { ...(record.profile as object), ageGroup: null },
    pipelineVersion: null,
  };

  it('a reader schema with added fields (with defaults) reads single-object data written before', async () => {
    const decoded = await new Decoder({ schemas: [writer.type] }).decode(
      encodeSingleObject(writer.type, record),
      reader,
    );
    assert.deepEqual(plainData(decoded.value), expected);
    assert.equal(decoded.writer, writer.type);
  });

  it('the same through the Confluent framing and the registry', async () => {
    const registry = new MemoryRegistry();
    const id = await registry.register('mosip.regprc-value', writer.json);
    const decoded = await new Decoder({ registry }).decode(encodeConfluent(id, writer.type, record), reader);
    assert.deepEqual(plainData(decoded.value), expected);
  });

  it('the old reader still reads data written with the new schema (added fields skipped)', async () => {
    const newer = {
      ...expected,
      pipelineVersion: '0.2.0',
      profile: { ...expected.profile, ageGroup: '60+' },
    };
    const decoded = await new Decoder({ schemas: [reader] }).decode(
      encodeSingleObject(reader, newer),
      writer.type,
    );
    assert.deepEqual(plainData(decoded.value), record);
  });
});
