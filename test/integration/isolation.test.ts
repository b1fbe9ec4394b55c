import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { Connector } from '../../src/connectors/connector.ts';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { readSample } from '../../src/kinds/fixtures/samples.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_isolation');
});
after(async () => {
  await allowConnections(fx.connector('ida'), true).catch(() => undefined);
  await fx?.close();
});

/** Opens or closes a connector's database to every new connection, and ends the ones it has (its walsender too). */
async function allowConnections(c: Connector, allowed: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${c.database} ALLOW_CONNECTIONS ${allowed}`);
    if (!allowed)
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        c.database,
      ]);
  } finally {
    await admin.end();
  }
}

/** Seconds until every table of `healthy` holds `rows` more documents than `before`, while rows arrive at a rate. */
async function flow(healthy: Connector[], rows: number, seed: string): Promise<number> {
  const before = new Map<string, number>();
  for (const c of healthy) before.set(c.name, await fx.indexCount(c));
  const started = Date.now();
  await Promise.all(
    healthy.map((connector) =>
      generateRows({ connector, url: pgUrl(connector.database), rows, rate: 100, seed }),
    ),
  );
  for (const c of healthy) {
    await waitFor(async () => (await fx.indexCount(c)) === (before.get(c.name) ?? 0) + rows, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `${rows} more documents in ${c.index}`,
    });
  }
  return (Date.now() - started) / 1000;
}

test('one table in trouble (poison rows, then its database gone) never holds back the other three', {
  timeout: 300_000,
}, async () => {
  const ida = fx.connector('ida');
  const healthy = fx.connectors.filter((c) => c !== ida);
  const source = await startSource(fx.config, fx.connectors);
  const sink = await startSink(fx.config, fx.connectors);
  try {
    const calm = await flow(healthy, 300, 'calm');

    // Poison in ida: rows over Kafka's message limit and rows that are no profile at all, then its database
    // refuses every connection (as if its server were down) while the others keep receiving rows.
    const huge = JSON.stringify({ ...readSample('ida').profile, partnerName: 'x'.repeat(1_500_000) });
    for (let i = 0; i < 5; i++) {
      await fx.query(
        ida,
        "INSERT INTO ida.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ($1, $2, 'ida', now())",
        [`poison-huge-${i}`, huge],
      );
      await fx.query(
        ida,
        "INSERT INTO ida.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ($1, '{oops', 'ida', now())",
        [`poison-json-${i}`],
      );
    }
    const troubled = await flow(healthy, 300, 'poisoned');
    await allowConnections(ida, false);
    const idaSource = source.sources.find((s) => s.name === 'ida');
    await waitFor(() => idaSource?.stats.state === 'reconnecting', {
      timeoutMs: 30_000,
      what: 'ida to lose its database',
    });
    const cutOff = await flow(healthy, 300, 'cut-off');

    // Each phase of the three healthy tables took about as long as the calm one (300 rows at 100 rows/s: ~3 s).
    for (const [phase, seconds] of [
      ['poison rows in ida', troubled],
      ["ida's database gone", cutOff],
    ] as const) {
      assert.ok(
        seconds < calm * 2 + 5,
        `${phase}: ${seconds.toFixed(1)} s against ${calm.toFixed(1)} s calm`,
      );
    }
    for (const s of source.sources.filter((s) => s !== idaSource))
      assert.equal(s.stats.state, 'streaming', s.name);

    // ida comes back: its poison rows are dead letters (too large, not JSON), nothing else is missing.
    await allowConnections(ida, true);
    await waitFor(() => idaSource?.stats.deadLetters['too-large'] === 5, {
      timeoutMs: 90_000,
      what: () =>
        `ida's five rows over the limit dead-lettered (${JSON.stringify(idaSource?.stats.deadLetters)})`,
    });
    assert.equal(idaSource?.stats.deadLetters['invalid-profile'], 5);
    assert.equal(await fx.indexCount(ida), 0, 'ida had no row to index');
  } finally {
    await source.stop();
    await sink.stop();
  }
});
