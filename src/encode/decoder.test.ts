import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeConfluent } from './confluent.ts';
import { Decoder } from './decoder.ts';
import { plainData } from './fixtures/changes.ts';
import { MemoryRegistry } from './fixtures/memory-registry.ts';
import { parseSchema } from './parse-schema.ts';
import type { SchemaRegistry } from './registry.ts';
import { encodeSingleObject } from './single-object.ts';

const point = parseSchema({ type: 'record', name: 'Point', fields: [{ name: 'x', type: 'int' }] });

describe('Decoder', () => {
  it('rejects a single-object message whose schema it does not know', async () => {
    await assert.rejects(
      new Decoder().decode(encodeSingleObject(point, { x: 1 })),
      /^Error: unknown schema fingerprint [0-9a-f]{16}$/,
    );
  });

  it('rejects a Confluent message when no registry is configured', async () => {
    await assert.rejects(
      new Decoder().decode(encodeConfluent(7, point, { x: 1 })),
      /schema id 7: no schema registry configured/,
    );
  });

  it('rejects what is neither format', async () => {
    await assert.rejects(
      new Decoder().decode(Buffer.from('{"x":1}')),
      /not an Avro message: starts with 7b22/,
    );
    await assert.rejects(new Decoder().decode(Buffer.alloc(0)), /starts with nothing/);
  });

  it('rejects a truncated datum', async () => {
    const message = encodeSingleObject(point, { x: 300 });
    await assert.rejects(
      new Decoder({ schemas: [point] }).decode(message.subarray(0, message.length - 1)),
      /truncated/,
    );
  });

  it('asks the registry once per schema id', async () => {
    const registry = new MemoryRegistry();
    const id = await registry.register('points-value', JSON.stringify(point.schema()));
    const decoder = new Decoder({ registry });
    const values = await Promise.all([1, 2, 3].map((x) => decoder.decode(encodeConfluent(id, point, { x }))));
    assert.deepEqual(
      values.map((d) => plainData(d.value)),
      [{ x: 1 }, { x: 2 }, { x: 3 }],
    );
    assert.equal(registry.lookups, 1);
  });

  it('asks again after a failed lookup', async () => {
    let calls = 0;
    const flaky: SchemaRegistry = {
      register: async () => 1,
      getById: async () => {
        calls++;
        if (calls === 1) throw new Error('registry unavailable');
        return JSON.stringify(point.schema());
      },
    };
    const decoder = new Decoder({ registry: flaky });
    const message = encodeConfluent(1, point, { x: 5 });
    await assert.rejects(decoder.decode(message), /registry unavailable/);
    assert.deepEqual(plainData((await decoder.decode(message)).value), { x: 5 });
  });
});
