import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegistryClient, SchemaRegistryError } from './registry-client.ts';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records calls and answers from `reply`; no network in unit tests. */
function fakeFetch(reply: (call: Call) => { status: number; body: unknown }): {
  fetch: typeof fetch;
  calls: Call[];
} {
  const calls: Call[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body as string | undefined,
    };
    calls.push(call);
    const { status, body } = reply(call);
    return new Response(JSON.stringify(body), { status });
  };
  return { fetch: fake as typeof fetch, calls };
}

const schema = '{"type":"record","name":"P","fields":[]}';

describe('RegistryClient (Confluent REST API)', () => {
  it('registers with POST /subjects/{subject}/versions and caches the id', async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 200, body: { id: 42 } }));
    const client = new RegistryClient({ url: 'http://registry:8081/', fetch });
    assert.equal(await client.register('mosip.regprc/x-value', schema), 42);
    assert.equal(await client.register('mosip.regprc/x-value', schema), 42);
    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.equal(call?.url, 'http://registry:8081/subjects/mosip.regprc%2Fx-value/versions');
    assert.equal(call?.method, 'POST');
    assert.equal(call?.headers['Content-Type'], 'application/vnd.schemaregistry.v1+json');
    assert.deepEqual(JSON.parse(call?.body ?? ''), { schema });
    // A schema it registered is known by id without asking.
    assert.equal(await client.getById(42), schema);
    assert.equal(calls.length, 1);
  });

  it('fetches GET /schemas/ids/{id} once per id', async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 200, body: { schema } }));
    const client = new RegistryClient({
      url: 'http://registry:8081',
      fetch,
      headers: { Authorization: 'Basic eDp5' },
    });
    assert.equal(await client.getById(3), schema);
    assert.equal(await client.getById(3), schema);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.url, 'http://registry:8081/schemas/ids/3');
    assert.equal(calls[0]?.headers.Authorization, 'Basic eDp5');
    assert.equal(calls[0]?.headers.Accept, 'application/vnd.schemaregistry.v1+json');
  });

  it("reports the registry's error and retries next time", async () => {
    let status = 404;
    const { fetch, calls } = fakeFetch(() =>
      status === 404
        ? { status, body: { error_code: 40403, message: 'Schema not found' } }
        : { status, body: { schema } },
    );
    const client = new RegistryClient({ url: 'http://registry:8081', fetch });
    await assert.rejects(client.getById(9), (error: unknown) => {
      assert.ok(error instanceof SchemaRegistryError);
      assert.equal(error.status, 404);
      assert.equal(error.errorCode, 40403);
      assert.equal(error.message, 'GET /schemas/ids/9: 404 Schema not found');
      return true;
    });
    status = 200;
    assert.equal(await client.getById(9), schema);
    assert.equal(calls.length, 2);
  });

  it('refuses an answer without an id', async () => {
    const { fetch } = fakeFetch(() => ({ status: 200, body: { version: 1 } }));
    const client = new RegistryClient({ url: 'http://registry:8081', fetch });
    await assert.rejects(client.register('s', schema), /no id in the answer/);
  });
});
