import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleNames } from '../normalise/fixtures/samples.ts';
import { AvroValueError } from './avro-value.ts';
import { encodeConfluent } from './confluent.ts';
import { encodeDatum } from './datum.ts';
import { Decoder } from './decoder.ts';
import { deadLetter, registrationDelete, sampleChange } from './fixtures/changes.ts';
import { MemoryRegistry } from './fixtures/memory-registry.ts';
import { loadSchemas, schemaNamed } from './load-schemas.ts';
import { encodeSingleObject } from './single-object.ts';

const schemas = loadSchemas();
const types = [...schemas.values()].map((s) => s.type);

/** Encodes with both framings and decodes each with a fresh Decoder. */
async function roundTrip(name: string, plain: unknown): Promise<void> {
  const schema = schemaNamed(schemas, name);
  const registry = new MemoryRegistry();
  const id = await registry.register(`mosip.${name}-value`, schema.json);
  const decoder = new Decoder({ schemas: types, registry });

  const single = await decoder.decode(encodeSingleObject(schema.type, plain));
  assert.equal(single.format, 'single-object');
  assert.equal(single.writer, schema.type);
  assert.deepEqual(single.value, plain);

  const framed = await decoder.decode(encodeConfluent(id, schema.type, plain));
  assert.equal(framed.format, 'confluent');
  assert.deepEqual(framed.value, plain);
}

describe('encode / decode round trip', () => {
  for (const name of sampleNames) {
    it(`${name}: the normalised sample row through single-object and Confluent framing`, async () => {
      const { kind, record } = sampleChange(name);
      await roundTrip(kind, record);
    });
  }

  it('a delete: profile null, only the key column known', async () => {
    await roundTrip('registration', registrationDelete);
  });

  it('a dead letter', async () => {
    await roundTrip('deadletter', deadLetter);
  });

  it('timestamps go over the wire as timestamp-millis', () => {
    const { record } = sampleChange('ida');
    const type = schemaNamed(schemas, 'authentication').type;
    const decoded = type.fromBuffer(encodeDatum(type, record)) as { row: { cr_dtimes: unknown } };
    assert.ok(decoded.row.cr_dtimes instanceof Date);
    assert.equal((decoded.row.cr_dtimes as Date).getTime(), Date.UTC(2026, 2, 16, 8, 12, 55, 30));
  });
});

describe('encode refuses values that do not fit the schema', () => {
  const type = schemaNamed(schemas, 'authentication').type;

  it('a field the schema does not declare (TypeScript and .avsc drifted apart)', () => {
    const { record } = sampleChange('ida');
    const drifted = { ...record, profile: { ...(record.profile as object), faceImage: 'base64...' } };
    assert.throws(() => encodeDatum(type, drifted), {
      name: 'AvroValueError',
      message: /^\.profile\.faceImage: not a field of/,
    });
  });

  it('a wrong type, naming the path', () => {
    const { record } = sampleChange('ida');
    const wrong = { ...record, profile: { ...(record.profile as object), yearOfBirth: '2001' } };
    assert.throws(
      () => encodeDatum(type, wrong),
      (error: unknown) => {
        assert.ok(error instanceof AvroValueError);
        assert.match(
          error.message,
          /not a valid io\.mosip\.profilecdc\.AuthenticationChange: profile\.yearOfBirth: "2001"/,
        );
        return true;
      },
    );
  });

  it('a timestamp that is not one', () => {
    const bad = { ...registrationDelete, source: { ...registrationDelete.source, commitTime: 'soon' } };
    assert.throws(
      () => encodeDatum(schemaNamed(schemas, 'registration').type, bad),
      /\.source\.commitTime: not a timestamp/,
    );
  });
});
