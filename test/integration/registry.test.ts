import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localRegistryUrl } from '../../src/config/local-stack.ts';
import type { ChangeRecord } from '../../src/encode/change-record.ts';
import { Decoder } from '../../src/encode/decoder.ts';
import { schemaNamed } from '../../src/encode/load-schemas.ts';
import { RegistryClient, SchemaRegistryError } from '../../src/encode/registry-client.ts';
import type { RegistrationProfile } from '../../src/kinds/registration/profile.ts';
import { loadSchemas } from '../../src/kinds/schemas.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { sourceFixture } from './support/source-fixture.ts';
import { requireStack, settings, uniqueName } from './support/stack.ts';
import { type Received, readTopic } from './support/topics.ts';

/**
 * Registry mode against the local stack's real schema registry (Confluent-compatible API). It is an
 * optional service: without it these tests are skipped, except in CI (CI=true), where .ci/run starts it.
 */
const url = localRegistryUrl(settings);
const reachable = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(3000) })
  .then((res) => res.status === 200)
  .catch(() => false);
const skip =
  reachable || process.env.CI === 'true'
    ? false
    : `no schema registry answers GET ${url}/subjects; start it: npx profile-cdc stack up --services schema-registry`;

const schemas = loadSchemas();
const registration = schemaNamed(schemas, 'registration');
const subjects: string[] = [];

/** The registry's own REST answers, for what RegistryClient does not ask (subjects, latest versions). */
async function registryGet<T>(path: string): Promise<T> {
  const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200, `GET ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** registration.avsc as JSON, changed by `edit`, as compact text. */
function registrationWith(edit: (schema: { fields: Record<string, unknown>[] }) => void): string {
  const schema = JSON.parse(registration.json) as { fields: Record<string, unknown>[] };
  edit(schema);
  return JSON.stringify(schema);
}

/** A fresh subject, deleted (permanently) after the file. */
function scratchSubject(label: string): string {
  const subject = `${uniqueName(label)}-value`;
  subjects.push(subject);
  return subject;
}

after(async () => {
  if (skip) return;
  for (const subject of subjects) {
    for (const query of ['', '?permanent=true']) {
      await fetch(`${url}/subjects/${encodeURIComponent(subject)}${query}`, { method: 'DELETE' }).catch(
        () => undefined,
      );
    }
  }
});

describe('schema registry', () => {
  before(async () => {
    if (skip) return;
    await requireStack();
    if (!reachable)
      throw new Error(
        `CI=true but no schema registry answers GET ${url}/subjects; .ci/run must start it: npx profile-cdc stack up --services schema-registry`,
      );
  });

  test('RegistryClient registers a schema, gets it back by id; the same schema twice has one id', {
    skip,
  }, async () => {
    const subject = scratchSubject('it_registry_client');
    const id = await new RegistryClient({ url }).register(subject, registration.json);
    assert.ok(Number.isInteger(id) && id >= 0, `id ${id}`);

    // A second client: nothing cached, both answers come from the registry.
    const other = new RegistryClient({ url });
    assert.equal(await other.register(subject, registration.json), id, 'registered again: same id');
    assert.deepEqual(JSON.parse(await other.getById(id)), JSON.parse(registration.json));
    const versions = await registryGet<number[]>(`/subjects/${encodeURIComponent(subject)}/versions`);
    assert.deepEqual(versions, [1], 'registering the same schema again adds no version');
  });

  test('BACKWARD compatibility: a changed type or a new field without default is refused, a new field with a default is accepted', {
    skip,
  }, async () => {
    const subject = scratchSubject('it_registry_evolution');
    const client = new RegistryClient({ url });
    const first = await client.register(subject, registration.json);

    const refused = async (schemaJson: string, what: string) => {
      await assert.rejects(
        client.register(subject, schemaJson),
        (err: unknown) => {
          assert.ok(err instanceof SchemaRegistryError, `${what}: ${String(err)}`);
          assert.equal(err.status, 409, `${what}: ${err.message}`);
          return true;
        },
        `${what} must be refused`,
      );
    };
    await refused(
      registrationWith((s) => {
        const op = s.fields.find((f) => f.name === 'op');
        if (op) op.type = 'string';
      }),
      'op: enum -> string',
    );
    await refused(
      registrationWith((s) => {
        s.fields.push({ name: 'pipelineVersion', type: 'string' });
      }),
      'a new field without a default',
    );

    const evolved = registrationWith((s) => {
      s.fields.push({ name: 'pipelineVersion', type: ['null', 'string'], default: null });
    });
    const second = await client.register(subject, evolved);
    assert.notEqual(second, first, 'the evolved schema has an id of its own');
    assert.deepEqual(
      await registryGet<number[]>(`/subjects/${encodeURIComponent(subject)}/versions`),
      [1, 2],
    );
    assert.deepEqual(JSON.parse(await new RegistryClient({ url }).getById(second)), JSON.parse(evolved));
  });

  test('the source in registry mode publishes Confluent-framed records under <topic>-value subjects', {
    skip,
    timeout: 120_000,
  }, async () => {
    const fx = await sourceFixture('it_registry_source');
    try {
      fx.config.kafka.schemaRegistryUrl = url;
      subjects.push(`${fx.topic}-value`, `${fx.config.kafka.deadLetterTopic}-value`);
      const snapshot = await fx.insert(20);
      const source = await startSource(fx.config, [fx.connector]);
      let streamed: string[] = [];
      let messages: Received[] = [];
      try {
        await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
          timeoutMs: 30_000,
          what: 'the snapshot',
        });
        streamed = await fx.insert(10);
        messages = await readTopic(fx.topic, (m) => m.length >= 30);
      } finally {
        await source.stop();
      }
      assert.equal(messages.length, 30);

      const known = await registryGet<string[]>('/subjects');
      for (const subject of [`${fx.topic}-value`, `${fx.config.kafka.deadLetterTopic}-value`])
        assert.ok(known.includes(subject), `subject ${subject} registered`);
      const latest = await registryGet<{ id: number }>(
        `/subjects/${encodeURIComponent(`${fx.topic}-value`)}/versions/latest`,
      );

      const decoder = new Decoder({ registry: new RegistryClient({ url }) });
      const ops = new Map<string, string>();
      for (const m of messages) {
        const value = m.value as Buffer;
        assert.equal(value[0], 0x00, 'magic byte 0');
        assert.equal(value.readUInt32BE(1), latest.id, "the subject's schema id");
        const decoded = await decoder.decode(value);
        assert.equal(decoded.format, 'confluent');
        const record = decoded.value as ChangeRecord<RegistrationProfile>;
        assert.equal(record.row.id, m.key);
        assert.equal(record.source.connector, fx.connector.name);
        assert.equal(record.profile?.registrationCenterId, '10011');
        ops.set(record.row.id, record.op);
      }
      for (const id of snapshot) assert.equal(ops.get(id), 'r', `${id} from the snapshot`);
      for (const id of streamed) assert.equal(ops.get(id), 'c', `${id} streamed`);
    } finally {
      await fx.close();
    }
  });

  test('one Decoder (schemas + registry) reads single-object records and, after the registry is switched on, Confluent ones', {
    skip,
    timeout: 120_000,
  }, async () => {
    const fx = await sourceFixture('it_registry_mixed');
    try {
      const run = async (registryUrl: string | undefined, rows: number, total: number) => {
        fx.config.kafka.schemaRegistryUrl = registryUrl;
        const source = await startSource(fx.config, [fx.connector]);
        try {
          await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
            timeoutMs: 30_000,
            what: 'the source to stream',
          });
          const ids = await fx.insert(rows);
          await readTopic(fx.topic, (m) => m.length >= total);
          return ids;
        } finally {
          await source.stop();
        }
      };
      // The same topic: first without a registry, then the same connector restarted with one.
      const plain = await run(undefined, 5, 5);
      subjects.push(`${fx.topic}-value`, `${fx.config.kafka.deadLetterTopic}-value`);
      const framed = await run(url, 5, 10);
      const messages: Received[] = await readTopic(fx.topic, (m) => m.length >= 10);
      assert.equal(messages.length, 10, 'nothing twice across the restart');

      const decoder = new Decoder({
        schemas: [...schemas.values()].map((s) => s.type),
        registry: new RegistryClient({ url }),
      });
      const formats = new Map<string, string>();
      for (const m of messages) {
        const decoded = await decoder.decode(m.value as Buffer);
        const record = decoded.value as ChangeRecord<RegistrationProfile>;
        assert.equal(record.row.id, m.key);
        assert.equal(record.op, 'c');
        assert.equal(record.profile?.registrationCenterId, '10011');
        formats.set(record.row.id, decoded.format);
      }
      for (const id of plain) assert.equal(formats.get(id), 'single-object', `${id} before the registry`);
      for (const id of framed) assert.equal(formats.get(id), 'confluent', `${id} with the registry`);
    } finally {
      await fx.close();
    }
  });
});
