import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import avro from 'avsc';
import { sampleRows } from '../dev/generate/row-source.ts';
import { generatorTables } from '../dev/generate/source-row.ts';
import { kindOfSample, sampleNames } from '../kinds/fixtures/samples.ts';
import { normalise } from '../kinds/normalise.ts';
import { loadSchemas } from '../kinds/schemas.ts';
import { AvroValueError, toAvroValue } from './avro-value.ts';
import { encodeConfluent } from './confluent.ts';
import { encodeDatum } from './datum.ts';
import { Decoder } from './decoder.ts';
import { deadLetter, plainData, registrationDelete, sampleChange } from './fixtures/changes.ts';
import { MemoryRegistry } from './fixtures/memory-registry.ts';
import { schemaNamed } from './load-schemas.ts';
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
  assert.deepEqual(plainData(single.value), plain);

  const framed = await decoder.decode(encodeConfluent(id, schema.type, plain));
  assert.equal(framed.format, 'confluent');
  assert.deepEqual(plainData(framed.value), plain);
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

  it('timestamps go over the wire as timestamp-millis and read back as ISO-8601', () => {
    const { record } = sampleChange('ida');
    const schema = schemaNamed(schemas, 'authentication');
    const datum = encodeDatum(schema.type, record);
    // Read without the logical type: the bare long on the wire.
    const wire = avro.Type.forSchema(JSON.parse(schema.json)).fromBuffer(datum) as {
      row: { cr_dtimes: unknown };
    };
    assert.equal(wire.row.cr_dtimes, Date.UTC(2026, 2, 16, 8, 12, 55, 30));
    const decoded = schema.type.fromBuffer(datum) as { row: { cr_dtimes: unknown } };
    assert.equal(decoded.row.cr_dtimes, '2026-03-16T08:12:55.030Z');
  });

  it('every variant the generator makes fits its schema exactly (no field the .avsc lacks)', () => {
    for (const table of generatorTables) {
      const kind = kindOfSample[table];
      const type = schemaNamed(schemas, kind).type;
      const { record } = sampleChange(table);
      let checked = 0;
      for (const row of sampleRows(table, 3000, 'avro-drift')) {
        const context = { processStage: row.processStage ?? null, createdAt: row.crDtimes };
        const result = normalise(kind, row.profile, context);
        if (!result.ok) continue; // a dead letter: the generator makes a few on purpose
        // toAvroValue is the strict walk: it throws, naming the path, on a key the schema does not declare.
        toAvroValue(type, { ...record, profile: result.profile });
        checked++;
      }
      assert.ok(checked > 2500, `${table}: ${checked} profiles checked`);
    }
  });
});

describe('encode refuses values that do not fit the schema', () => {
  const type = schemaNamed(schemas, 'authentication').type;

  it('a field the schema does not declare (TypeScript and .avsc drifted apart): never written, named by the check', () => {
    const { record } = sampleChange('ida');
    const drifted = { ...record, profile: { ...(record.profile as object), faceImage: 'base64...' } };
    assert.ok(encodeDatum(type, drifted).equals(encodeDatum(type, record)));
    assert.throws(() => toAvroValue(type, drifted), {
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
