import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, startCli } from './support/child.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_metrics');
});
after(async () => fx?.close());

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** A metric's samples: labels text -> value. */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name) found.set(m[2] ?? '', Number(m[3]));
  }
  return found;
}

test('a running pipeline serves /metrics, /healthz and /readyz with live lag figures', {
  timeout: 180_000,
}, async () => {
  const port = await freePort();
  const pipeline = startCli(
    ['run'],
    { ...fx.env, PROFILE_CDC_METRICS_PORT: String(port) },
    join(mkdtempSync(join(tmpdir(), 'metrics-')), 'run.log'),
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    let said = '';
    await waitFor(
      async () => {
        const res = await fetch(`${base}/readyz`);
        said = await res.text();
        return res.status === 200;
      },
      { timeoutMs: 60_000, what: () => `readiness (last: ${said})` },
    );
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    await waitFor(
      async () => {
        const streaming = samples(
          await (await fetch(`${base}/metrics`)).text(),
          'profile_cdc_source_streaming',
        );
        return streaming.size === 4 && [...streaming.values()].every((v) => v === 1);
      },
      { timeoutMs: 60_000, what: 'every connector streaming (snapshots done)' },
    );
    for (const connector of fx.connectors) {
      await generateRows({ connector, url: pgUrl(connector.database), rows: 200, seed: 'metrics' });
    }
    let text = '';
    await waitFor(
      async () => {
        text = await (await fetch(`${base}/metrics`)).text();
        const indexed = [...samples(text, 'profile_cdc_sink_documents_total')].filter(([k]) =>
          k.includes('result="indexed"'),
        );
        return (
          indexed.reduce((n, [, v]) => n + v, 0) === 800 &&
          samples(text, 'profile_cdc_source_slot_lag_bytes').size === 4
        );
      },
      {
        timeoutMs: 90_000,
        intervalMs: 1000,
        what: () =>
          `800 documents counted and four slots measured: ${JSON.stringify([
            ...samples(text, 'profile_cdc_sink_documents_total'),
            ...samples(text, 'profile_cdc_source_slot_lag_bytes'),
          ])}`,
      },
    );
    const indexed = [...samples(text, 'profile_cdc_sink_documents_total')].filter(([k]) =>
      k.includes('result="indexed"'),
    );
    assert.equal(
      indexed.reduce((n, [, v]) => n + v, 0),
      800,
      'each record indexed once, none fetched again',
    );
    const read = samples(text, 'profile_cdc_source_events_read_total');
    assert.equal(
      [...read.values()].reduce((a, b) => a + b, 0),
      800,
    );
    assert.ok((samples(text, 'profile_cdc_end_to_end_latency_seconds_count').size ?? 0) > 0);
    assert.ok(
      samples(text, 'profile_cdc_sink_consumer_lag').size >= 4,
      'one consumer lag per topic partition',
    );
    assert.equal(samples(text, 'profile_cdc_dependency_up').get('{dependency="postgresql"}'), 1);
    assert.equal(samples(text, 'profile_cdc_dependency_up').get('{dependency="kafka"}'), 1);
    assert.equal(samples(text, 'profile_cdc_dependency_up').get('{dependency="elasticsearch"}'), 1);
    assert.ok(samples(text, 'profile_cdc_process_resident_memory_bytes').size === 1, 'process defaults');
  } finally {
    pipeline.kill('SIGTERM');
    assert.equal(await exited(pipeline), 0);
  }
});
