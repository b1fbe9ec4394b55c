import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtInIndexBodies } from '../../src/kinds/index.ts';
import type { FieldMapping } from '../../src/kinds/mapping.ts';
import { panels } from '../../src/operations/dashboards/panels.ts';
import { profiles } from '../../src/operations/dashboards/profiles.ts';
import { filledRows, runPanel } from '../../src/operations/dashboards/query.ts';
import type { Panel } from '../../src/operations/dashboards/types.ts';
import {
  fieldProblems,
  mappedType,
  modalityProblems,
  panelFields,
} from '../../src/operations/dashboards/validate.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { requireStack } from './support/stack.ts';

const repo = resolve(import.meta.dirname, '../..');
const committedNdjson = readFileSync(resolve(repo, 'kibana/profile-cdc.ndjson'), 'utf8');

describe('every dashboard panel has data, on fields that exist, in indices the real pipeline filled', () => {
  let fx: Awaited<ReturnType<typeof pipelineFixture>>;
  /** A panel's data view (mosip-<profile>) is this test's scratch index of the same profile. */
  const scratchIndex = (panel: Panel) => fx.connector(panel.profile).index;

  before(async () => {
    await requireStack();
    fx = await pipelineFixture('it_kibana', { masterData: true });
    // Snapshot and stream: 200 rows per table before the pipeline starts, 100 while it runs.
    const { deadLettered } = await fx.fillThroughPipeline(200, 100, 'kibana');
    for (const c of fx.connectors) assert.equal(await fx.indexCount(c), 300, c.index);
    assert.equal(deadLettered, 0);
  });
  after(async () => fx?.close());

  it('every field a panel names is in the mapping of its kind, and in the live index', async () => {
    const bodies = builtInIndexBodies();
    for (const panel of panels) assert.deepEqual(fieldProblems(panel, bodies), [], panel.id);
    for (const profile of Object.keys(profiles) as (keyof typeof profiles)[]) {
      const index = fx.connector(profile).index;
      const live = await fx.es.indices.getMapping({ index });
      const properties = Object.values(live)[0]?.mappings.properties as Record<string, FieldMapping>;
      for (const panel of panels.filter((p) => p.profile === profile)) {
        for (const { field } of panelFields(panel))
          assert.ok(mappedType(properties, field), `${panel.id}: ${field} is not mapped in ${index}`);
      }
    }
  });

  it("a per-modality panel's fields are its own modality's (MOSIP averaged another modality's field)", () => {
    const perModality = panels.filter((p) => p.modality !== undefined);
    assert.equal(perModality.length, 18);
    for (const panel of perModality) {
      assert.deepEqual(modalityProblems(panel), [], panel.id);
      for (const { field } of panelFields(panel)) {
        if (field.startsWith('biometrics.'))
          assert.ok(
            field.includes(`.${panel.modality}.`),
            `${panel.id} (${panel.modality}) aggregates ${field}`,
          );
      }
    }
    // And the check bites: a face panel averaging the finger modality's field is refused.
    const face = perModality.find((p) => p.modality === 'face') as Panel;
    const wrong = {
      ...face,
      metrics: [{ op: 'avg' as const, field: 'biometrics.finger.qualityMean', label: 'x' }],
    };
    assert.notDeepEqual(modalityProblems(wrong), []);
  });

  /** "bar_horizontal: avg(biometrics.iris.qualityMean) by terms(biometrics.iris.device)" */
  const aggregation = (p: Panel) =>
    `${p.chart}: ${p.metrics.map((m) => (m.op === 'count' ? 'count' : `${m.op}(${m.field})`)).join(', ')}` +
    p.buckets.map((b) => ` by ${b.type}(${b.field})`).join('') +
    (p.filter ? ` where ${p.filter.field} = ${p.filter.value}` : '');

  for (const panel of panels) {
    it(`${panel.id}: ${aggregation(panel)}`, async () => {
      const data = await runPanel(fx.es, panel, scratchIndex(panel));
      const rows = filledRows(data);
      assert.ok(data.total > 0, `${panel.id}: no document matched (${JSON.stringify(panel.filter ?? {})})`);
      assert.ok(
        rows.length > 0,
        `${panel.id}: no bucket with a value: ${JSON.stringify(data.rows.slice(0, 5))}`,
      );
      for (const [i, bucket] of panel.buckets.entries()) {
        const keys = new Set(rows.map((r) => (i === 0 ? r.x : r.split)?.key));
        assert.ok(keys.size > 0 && !keys.has(undefined), `${panel.id}: empty ${bucket.field} buckets`);
      }
      for (const [i, m] of panel.metrics.entries())
        assert.ok(
          rows.some((r) => typeof r.values[i] === 'number'),
          `${panel.id}: ${m.label} is never a number`,
        );
      if (panel.chart === 'pie' || panel.chart === 'bar_horizontal_percentage') {
        // Shares need more than one value to mean anything.
        const key = panel.chart === 'pie' ? 'x' : 'split';
        assert.ok(new Set(rows.map((r) => r[key]?.key)).size > 1, `${panel.id}: one ${key} value only`);
      }
      if (panel.chart === 'pie' && panel.metrics[0]?.op === 'count') {
        // A share covers every document: none may drop out for lack of the field.
        const counted = rows.reduce((n, r) => n + r.count, 0);
        assert.equal(counted, data.total, `${panel.id}: its slices count ${counted} of ${data.total}`);
      }
    });
  }
});

/**
 * `profile-cdc kibana import` against a stand-in: no Kibana runs on this machine and none can be
 * installed (it is not in the package registries this project reaches), so a small local HTTP server
 * plays the saved objects import API. It checks what Kibana checks of the request (method, path,
 * kbn-xsrf, authorization, a multipart body whose `file` part carries the NDJSON) and answers in
 * Kibana's response format. The format of the objects themselves is tested against the definitions.
 */
describe('profile-cdc kibana import and export', () => {
  const cli = resolve(repo, 'bin/profile-cdc.mjs');
  type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer };
  let server: Server;
  let base: string;
  const received: Received[] = [];
  let answer: (objects: { type: string; id: string; attributes: { title?: string } }[]) => {
    status: number;
    body: unknown;
  };

  /** The parts of a multipart/form-data body: headers and content of each. */
  function multipart(body: Buffer, contentType: string): { headers: string; content: string }[] {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
    assert.ok(boundary, `no boundary in ${contentType}`);
    const delimiter = `--${boundary[1] ?? boundary[2]}`;
    return body
      .toString('utf8')
      .split(delimiter)
      .slice(1, -1)
      .map((part) => {
        const end = part.indexOf('\r\n\r\n');
        return { headers: part.slice(2, end), content: part.slice(end + 4, -2) };
      });
  }

  const objectsOf = (ndjson: string) =>
    ndjson
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l))
      .filter((o) => o.exportedCount === undefined);

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const parts = multipart(body, String(req.headers['content-type'] ?? ''));
        const file = parts.find((p) => /name="file"/.test(p.headers));
        const { status, body: reply } = answer(file ? objectsOf(file.content) : []);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  function run(args: string[], env: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [cli, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => {
        stdout += c;
      });
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  const success = (objects: { type: string; id: string; attributes: { title?: string } }[]) => ({
    status: 200,
    body: {
      success: true,
      successCount: objects.length,
      successResults: objects.map((o) => ({ type: o.type, id: o.id, meta: { title: o.attributes.title } })),
    },
  });

  it('POSTs the NDJSON as multipart "file" with kbn-xsrf to the space, reports each object, exits 0', async () => {
    answer = success;
    received.length = 0;
    const { code, stdout, stderr } = await run([
      'kibana',
      'import',
      '--url',
      base,
      '--space',
      'mosip',
      '--api-key',
      'k3y',
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(received.length, 1);
    const [req] = received;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.url, '/s/mosip/api/saved_objects/_import?overwrite=true');
    assert.equal(req?.headers['kbn-xsrf'], 'true');
    assert.equal(req?.headers.authorization, 'ApiKey k3y');
    assert.match(String(req?.headers['content-type']), /^multipart\/form-data; boundary=/);
    const parts = multipart(req!.body, String(req?.headers['content-type']));
    assert.equal(parts.length, 1);
    assert.match(
      parts[0]!.headers,
      /Content-Disposition: form-data; name="file"; filename="profile-cdc\.ndjson"/i,
    );
    assert.equal(parts[0]!.content, committedNdjson);
    const count = objectsOf(committedNdjson).length;
    assert.equal(stdout.split('\n').filter((l) => l.startsWith('ok ')).length, count);
    assert.match(stdout, /ok {5}dashboard {5}profile-cdc-dashboard-ida {2}MOSIP Authentication/);
    assert.match(
      stdout,
      new RegExp(`${count} of ${count} saved objects imported into ${base} \\(space mosip\\)`),
    );
  });

  it('basic auth, default space; object errors are reported one by one and exit non-zero', async () => {
    answer = (objects) => ({
      status: 200,
      body: {
        success: false,
        successCount: objects.length - 1,
        successResults: objects
          .slice(1)
          .map((o) => ({ type: o.type, id: o.id, meta: { title: o.attributes.title } })),
        errors: [
          {
            type: objects[0]?.type,
            id: objects[0]?.id,
            meta: { title: objects[0]?.attributes.title },
            error: { type: 'unknown', message: 'mapping conflict', statusCode: 400 },
          },
        ],
      },
    });
    received.length = 0;
    const { code, stdout, stderr } = await run(
      ['kibana', 'import', '--url', `${base}/`, '--user', 'elastic'],
      {
        PROFILE_CDC_KIBANA_PASSWORD: 'pw',
      },
    );
    assert.equal(code, 1);
    assert.equal(received[0]?.url, '/api/saved_objects/_import?overwrite=true');
    assert.equal(received[0]?.headers.authorization, `Basic ${Buffer.from('elastic:pw').toString('base64')}`);
    assert.match(stdout, /error {2}index-pattern profile-cdc-prereg {2}\S.* {2}mapping conflict \(400\)/);
    assert.match(stderr, /1 saved objects failed to import/);
  });

  it("an HTTP error exits non-zero with Kibana's message; bad options are configuration errors", async () => {
    answer = () => ({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'invalid API key' },
    });
    const denied = await run(['kibana', 'import', '--url', base, '--api-key', 'nope']);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /Kibana answered 401 Unauthorized: invalid API key/);
    const both = await run(['kibana', 'import', '--url', base, '--api-key', 'k', '--user', 'u']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--api-key and --user/);
    const badUrl = await run(['kibana', 'import', '--url', 'kibana:5601']);
    assert.equal(badUrl.code, 2);
  });

  it('export writes the committed NDJSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kibana-export-')), 'objects.ndjson');
    const { code, stdout } = await run(['kibana', 'export', '--out', out]);
    assert.equal(code, 0);
    assert.equal(readFileSync(out, 'utf8'), committedNdjson);
    assert.match(stdout, /saved objects written to/);
  });
});
