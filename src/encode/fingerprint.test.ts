import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalForm, schemaFingerprint } from './fingerprint.ts';
import { parseSchema } from './parse-schema.ts';
import { rabinFingerprint64 } from './rabin.ts';
import { encodeSingleObject } from './single-object.ts';

/** Signed 64-bit, as the Avro Java implementation prints fingerprints (share/test/data/schema-tests.txt). */
const signed = (fp: bigint): bigint => BigInt.asIntN(64, fp);

describe('CRC-64-AVRO (Rabin) fingerprint', () => {
  it('pins the spec vector: "int" -> 0x7275d51a3f395c8f', () => {
    assert.equal(rabinFingerprint64(Buffer.from('"int"')), 0x7275d51a3f395c8fn);
    assert.equal(signed(rabinFingerprint64(Buffer.from('"int"'))), 8247732601305521295n);
  });

  it('matches the Java implementation on primitives', () => {
    const vectors: [string, bigint][] = [
      ['"null"', 7195948357588979594n],
      ['"boolean"', -6970731678124411036n],
      ['"long"', -3434872931120570953n],
      ['"double"', -8181574048448539266n],
      ['"string"', -8142146995180207161n],
    ];
    for (const [schema, fp] of vectors)
      assert.equal(signed(rabinFingerprint64(Buffer.from(schema))), fp, schema);
  });

  it("of avsc's canonical form matches the spec's Parsing Canonical Form vectors", () => {
    const vectors: [string, string, bigint][] = [
      [
        '{"fields":[], "type":"record", "name":"foo", "namespace":"x.y"}',
        '{"name":"x.y.foo","type":"record","fields":[]}',
        5916914534497305771n,
      ],
      [
        '{"fields":[{"type":"boolean","aliases":[],"name":"f1","default":true},{"order":"descending","name":"f2","doc":"Hello","type":"int"}],"type":"record","name":"foo"}',
        '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"},{"name":"f2","type":"int"}]}',
        -4860222112080293046n,
      ],
      [
        '{"namespace":"x.y.z", "type":"enum", "name":"foo", "doc":"foo bar", "symbols":["A1", "A2"]}',
        '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}',
        -4448647247586288245n,
      ],
      ['{ "items":{"type":"null"}, "type":"array"}', '{"type":"array","items":"null"}', -589620603366471059n],
      ['{ "values":"string", "type":"map"}', '{"type":"map","values":"string"}', -8732877298790414990n],
      [
        '{"name":"PigValue","type":"record","fields":[{"name":"value", "type":["null", "int", "long", "PigValue"]}]}',
        '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
        -1759257747318642341n,
      ],
    ];
    for (const [input, canonical, fp] of vectors) {
      const type = parseSchema(input);
      assert.equal(canonicalForm(type), canonical);
      assert.equal(signed(schemaFingerprint(type)), fp, canonical);
    }
  });

  it('ignores logical types, as the canonical form does', () => {
    const type = parseSchema({ type: 'long', logicalType: 'timestamp-millis' });
    assert.equal(canonicalForm(type), '"long"');
    assert.equal(signed(schemaFingerprint(type)), -3434872931120570953n);
  });

  it('puts the fingerprint little-endian after C3 01 in a single-object message', () => {
    const message = encodeSingleObject(parseSchema('"int"'), 1);
    assert.equal(message.toString('hex'), 'c3018f5c393f1ad5757202');
  });
});
