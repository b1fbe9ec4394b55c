import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authHeader,
  type ImportResponse,
  importReport,
  importSavedObjects,
  importSucceeded,
  importUrl,
  KibanaImportError,
} from './kibana-import.ts';

/** A fetch that records the request and answers `status`/`body`; the real HTTP path is in the CLI test. */
function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const ok: ImportResponse = {
  success: true,
  successCount: 1,
  successResults: [{ type: 'dashboard', id: 'd1', meta: { title: 'MOSIP Authentication' } }],
};

describe('importUrl', () => {
  it('targets the default space, or /s/<space>, below any base path', () => {
    assert.equal(
      importUrl({ url: 'http://kibana:5601/' }),
      'http://kibana:5601/api/saved_objects/_import?overwrite=true',
    );
    assert.equal(
      importUrl({ url: 'https://x.org/kibana', space: 'mosip' }),
      'https://x.org/kibana/s/mosip/api/saved_objects/_import?overwrite=true',
    );
    assert.equal(
      importUrl({ url: 'http://k', space: 'default' }),
      'http://k/api/saved_objects/_import?overwrite=true',
    );
  });
});

describe('authHeader', () => {
  it('ApiKey or Basic', () => {
    assert.deepEqual(authHeader({ kind: 'apiKey', apiKey: 'abc' }), { authorization: 'ApiKey abc' });
    assert.deepEqual(authHeader({ kind: 'basic', username: 'elastic', password: 'pw' }), {
      authorization: `Basic ${Buffer.from('elastic:pw').toString('base64')}`,
    });
    assert.deepEqual(authHeader({ kind: 'none' }), {});
  });
});

describe('importSavedObjects', () => {
  it('POSTs the NDJSON as the multipart field "file" with kbn-xsrf', async () => {
    const { fetchImpl, calls } = fakeFetch(200, ok);
    const result = await importSavedObjects(
      { url: 'http://k:5601', auth: { kind: 'apiKey', apiKey: 'k1' } },
      '{"id":"a"}\n',
      fetchImpl,
    );
    assert.deepEqual(result, ok);
    const [call] = calls;
    assert.equal(call?.init.method, 'POST');
    assert.deepEqual(call?.init.headers, { 'kbn-xsrf': 'true', authorization: 'ApiKey k1' });
    const form = call?.init.body as FormData;
    const file = form.get('file') as File;
    assert.equal(file.name, 'profile-cdc.ndjson');
    assert.equal(await file.text(), '{"id":"a"}\n');
  });

  it("throws with Kibana's message on an HTTP error", async () => {
    const { fetchImpl } = fakeFetch(401, { statusCode: 401, error: 'Unauthorized', message: 'bad api key' });
    await assert.rejects(
      importSavedObjects({ url: 'http://k', auth: { kind: 'none' } }, '', fetchImpl),
      (err: Error) => err instanceof KibanaImportError && /401.*bad api key/.test(err.message),
    );
  });

  it('throws when the answer is not an import result', async () => {
    const { fetchImpl } = fakeFetch(200, '<html>proxy</html>');
    await assert.rejects(
      importSavedObjects({ url: 'http://k', auth: { kind: 'none' } }, '', fetchImpl),
      /not an import result/,
    );
  });
});

describe('importReport', () => {
  it('one line per object, errors explained', () => {
    const result: ImportResponse = {
      success: false,
      successCount: 1,
      successResults: ok.successResults!,
      errors: [
        {
          type: 'lens',
          id: 'l1',
          meta: { title: 'Iris quality' },
          error: { type: 'missing_references', references: [{ type: 'index-pattern', id: 'dv' }] },
        },
        { type: 'lens', id: 'l2', title: 'X', error: { type: 'unknown', message: 'boom', statusCode: 500 } },
      ],
    };
    assert.deepEqual(importReport(result), [
      'ok     dashboard     d1  MOSIP Authentication',
      'error  lens          l1  Iris quality  missing references: index-pattern/dv',
      'error  lens          l2  X  boom (500)',
    ]);
    assert.equal(importSucceeded(result), false);
    assert.equal(importSucceeded(ok), true);
  });
});
