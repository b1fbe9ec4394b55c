import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { topicOf } from '../../src/connectors/connector.ts';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { kafkaClient } from '../../src/kafka/client.ts';
import { startSink } from '../../src/sink/run.ts';
import { countTombstones, purgeTombstones } from '../../src/sink/tombstones.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_deletes');
});
after(async () => fx?.close());

/** How many of `ids` a search through the alias finds (what dashboards and counts see). */
async function visible(alias: string, ids: readonly string[]): Promise<number> {
  const found = await fx.es.search({ index: alias, size: 0, query: { terms: { 'row.id': [...ids] } } });
  const total = found.hits.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

test('a delete stays a delete: a full replay long after index.gc_deletes never shows a deleted row', {
  timeout: 300_000,
}, async () => {
  const ida = fx.connector('ida');
  await generateRows({ connector: ida, url: pgUrl(ida.database), rows: 400, seed: 'deletes' });
  const source = await startSource(fx.config, [ida]);
  const sink = await startSink(fx.config, [ida]);
  let deletedIds: string[] = [];
  try {
    await waitFor(async () => (await fx.indexCount(ida)) === 400, {
      timeoutMs: 90_000,
      what: '400 documents',
    });
    // Updates first (so the replay has several versions of rows), then hard and soft deletes.
    await fx.query(
      ida,
      `UPDATE ida.anonymous_profile SET upd_by = 'chaos', upd_dtimes = now() WHERE id IN (SELECT id FROM ida.anonymous_profile ORDER BY id LIMIT 100)`,
    );
    const hard = await fx.query<{ id: string }>(
      ida,
      'DELETE FROM ida.anonymous_profile WHERE id IN (SELECT id FROM ida.anonymous_profile ORDER BY id LIMIT 60) RETURNING id',
    );
    const soft = await fx.query<{ id: string }>(
      ida,
      'UPDATE ida.anonymous_profile SET is_deleted = true WHERE id IN (SELECT id FROM ida.anonymous_profile WHERE NOT is_deleted ORDER BY id DESC LIMIT 40) RETURNING id',
    );
    deletedIds = [...hard, ...soft].map((r) => `${r.id}`);
    await waitFor(async () => (await fx.indexCount(ida)) === 300, { timeoutMs: 60_000, what: '300 visible' });
  } finally {
    await source.stop();
    await sink.stop();
  }
  assert.equal(deletedIds.length, 100);
  assert.equal(await visible(ida.index, deletedIds), 0);
  assert.deepEqual(await countTombstones(fx.es, ida.index, new Date(0)), { all: 100, older: 0 });

  // Elasticsearch forgets a real delete's version after index.gc_deletes; tombstones do not depend on it.
  const [concrete] = Object.keys(await fx.es.indices.getAlias({ name: ida.index }));
  await fx.es.indices.putSettings({ index: concrete as string, settings: { index: { gc_deletes: '1s' } } });
  const forgetAfter = Date.now() + 2_000;
  await waitFor(() => Date.now() > forgetAfter, {
    timeoutMs: 5_000,
    intervalMs: 100,
    what: 'gc_deletes to pass',
  });

  // The whole topic again, through a new group: every insert and update of the deleted rows comes back.
  const admin = kafkaClient(fx.config.kafka, 'test').admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topicOf(ida, fx.config.kafka.topicPrefix));
  await admin.disconnect();
  const total = offsets.reduce((n, p) => n + Number(p.high), 0);
  assert.ok(total >= 400 + 100 + 60 * 2 + 40, `${total} messages: inserts, updates, deletes and tombstones`);
  // Small bulk requests, one at a time: the replay takes long enough to be watched while it runs.
  const replayConfig = {
    ...fx.config,
    sink: {
      ...fx.config.sink,
      groupId: `${fx.name}-replay`,
      partitionsConcurrently: 1,
      bulk: { ...fx.config.sink.bulk, maxDocs: 5, concurrency: 1, lingerMs: 0 },
    },
  };
  const replay = await startSink(replayConfig, [ida]);
  let seen = 0;
  let polls = 0;
  try {
    await waitFor(
      async () => {
        await fx.es.indices.refresh({ index: ida.index });
        const running = replay.stats.consumed < total;
        seen = Math.max(seen, await visible(ida.index, deletedIds));
        if (running) polls += 1;
        return !running;
      },
      { timeoutMs: 120_000, intervalMs: 50, what: 'the replay to consume the topic' },
    );
  } finally {
    await replay.stop();
  }
  assert.ok(polls >= 5, `the replay was watched while it ran (${polls} looks)`);
  assert.equal(seen, 0, 'no deleted row was visible at any point of the replay');
  assert.equal(await fx.indexCount(ida), 300);

  // Purging tombstones removes them and nothing else; a row inserted again after its delete is back.
  const purged = await purgeTombstones(fx.es, ida.index, new Date(Date.now() + 60_000));
  assert.deepEqual(purged, { purged: 100, kept: 0 });
  assert.equal(await fx.indexCount(ida), 300);
});
