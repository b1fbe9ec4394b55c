import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { parseLsn } from '../../src/encode/lsn.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, startCli } from './support/child.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { sourceFixture } from './support/source-fixture.ts';
import { pgUrl, requireStack, settings } from './support/stack.ts';
import { tcpProxy } from './support/tcp-proxy.ts';
import { readTopic } from './support/topics.ts';

before(requireStack);
const logs = mkdtempSync(join(tmpdir(), 'faults-'));

describe('the source', () => {
  let fx: Awaited<ReturnType<typeof sourceFixture>>;
  before(async () => {
    fx = await sourceFixture('it_faults');
  });
  after(async () => fx?.close());

  test('a dropped replication connection is retried; nothing is lost', { timeout: 120_000 }, async () => {
    const source = await startSource(fx.config, [fx.connector]);
    try {
      await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
        timeoutMs: 30_000,
        what: 'streaming',
      });
      const ids: string[] = [];
      for (let round = 0; round < 3; round++) {
        await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
          timeoutMs: 30_000,
          what: 'streaming',
        });
        ids.push(...(await fx.insert(200)));
        const { rows } = await fx.client.query<{ killed: boolean }>(
          'SELECT pg_terminate_backend(active_pid) AS killed FROM pg_replication_slots WHERE slot_name = $1 AND active',
          [fx.connector.slot],
        );
        assert.equal(rows[0]?.killed, true, 'the walsender was there to kill');
        ids.push(...(await fx.insert(200)));
        await waitFor(() => source.sources[0]?.stats.reconnects === round + 1, {
          timeoutMs: 30_000,
          what: 'the source to notice',
        });
      }
      const messages = await readTopic(fx.topic, (m) => new Set(m.map((x) => x.key)).size >= ids.length);
      const keys = new Set(messages.map((m) => m.key));
      assert.deepEqual(
        ids.filter((id) => !keys.has(id)),
        [],
        'every row reached Kafka',
      );
    } finally {
      await source.stop();
    }
  });

  test('an idle table in a busy database: the slot position keeps advancing', {
    timeout: 60_000,
  }, async () => {
    const source = await startSource(fx.config, [fx.connector]);
    try {
      await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
        timeoutMs: 30_000,
        what: 'streaming',
      });
      await fx.client.query('CREATE TABLE IF NOT EXISTS busy (n int, pad text)');
      const startLsn = parseLsn((await fx.confirmedFlushLsn()) ?? '0/0');
      await fx.client.query("INSERT INTO busy SELECT g, repeat('x', 500) FROM generate_series(1, 20000) g");
      const { rows } = await fx.client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const busyEnd = parseLsn(rows[0]?.lsn as string);
      assert.ok(busyEnd - startLsn > 5_000_000n, 'the other table wrote megabytes of WAL');
      await waitFor(async () => parseLsn((await fx.confirmedFlushLsn()) ?? '0/0') >= busyEnd, {
        timeoutMs: 30_000,
        what: "the idle slot's confirmed position to pass the busy table's WAL",
      });
    } finally {
      await source.stop();
    }
  });
});

describe('the pipeline', () => {
  let fx: Awaited<ReturnType<typeof pipelineFixture>>;
  before(async () => {
    fx = await pipelineFixture('it_crash');
  });
  after(async () => fx?.close());

  test('kill -9 mid-stream, restart: every row indexed exactly once', { timeout: 300_000 }, async () => {
    const log = join(logs, 'crash.log');
    for (const connector of fx.connectors) {
      await generateRows({ connector, url: pgUrl(connector.database), rows: 1500, seed: 'crash-before' });
    }
    let pipeline = startCli(['run'], fx.env, log);
    const writing = Promise.all(
      fx.connectors.map((connector) =>
        generateRows({
          connector,
          url: pgUrl(connector.database),
          rows: 1500,
          rate: 300,
          seed: 'crash-during',
        }),
      ),
    );
    // Kill while documents are flowing: some indexed, not all.
    await waitFor(async () => (await fx.indexCount(fx.connector('regprc'))) > 200, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: () => `documents to flow (log: ${readFileSync(log, 'utf8').slice(-2000)})`,
    });
    pipeline.kill('SIGKILL');
    assert.equal(await exited(pipeline), 'SIGKILL');
    pipeline = startCli(['run'], fx.env, log);
    await writing;
    await fx.allIndexed();
    pipeline.kill('SIGTERM');
    assert.equal(await exited(pipeline), 0, 'SIGTERM stops cleanly');
  });

  test('Elasticsearch unreachable while rows flow, then back: everything arrives', {
    timeout: 300_000,
  }, async () => {
    const proxy = await tcpProxy(settings.es.host, settings.es.port);
    // Only the proxy: on the cluster profile the client would move requests to the other node.
    const config = {
      ...fx.config,
      elasticsearch: { ...fx.config.elasticsearch, node: proxy.url, nodes: [] },
    };
    const source = await startSource(config, fx.connectors);
    const sink = await startSink(config, fx.connectors);
    try {
      proxy.cut();
      const retriesBefore = sink.stats.retries;
      await Promise.all(
        fx.connectors.map((connector) =>
          generateRows({ connector, url: pgUrl(connector.database), rows: 300, seed: 'outage' }),
        ),
      );
      await waitFor(() => sink.stats.retries > retriesBefore, {
        timeoutMs: 60_000,
        what: 'the sink to notice',
      });
      proxy.restore();
      await fx.allIndexed();
      assert.equal(sink.stats.deadLettered, 0);
    } finally {
      await source.stop();
      await sink.stop();
      await proxy.close();
    }
  });
});
