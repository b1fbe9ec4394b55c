import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { builtInIndexBodies } from '../../src/kinds/index.ts';
import { reindex } from '../../src/sink/reindex.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_reindex');
});
after(async () => fx?.close());

test('a mapping change is a reindex and an alias swap; searches and writes go on through the alias', {
  timeout: 240_000,
}, async () => {
  const ida = fx.connector('ida');
  const source = await startSource(fx.config, [ida]);
  const sink = await startSink(fx.config, [ida]);
  try {
    await generateRows({ connector: ida, url: pgUrl(ida.database), rows: 500, seed: 'reindex' });
    await waitFor(async () => (await fx.indexCount(ida)) === 500, {
      timeoutMs: 90_000,
      what: '500 documents',
    });

    // The next version of the mapping drops a field (errorCodes) and changes nothing else.
    const v1 = builtInIndexBodies().authentication;
    const current = Number(v1.mappings._meta?.version);
    const { errorCodes: _removed, ...properties } = v1.mappings.properties;
    const v2 = {
      ...v1,
      mappings: { ...v1.mappings, _meta: { ...v1.mappings._meta, version: current + 1 }, properties },
    };
    const result = await reindex(fx.es, ida, v2, fx.config.sink);
    assert.equal(result.outcome, 'reindexed');
    assert.equal(result.from, `${ida.index}-v${current}`);
    assert.equal(result.to, `${ida.index}-v${current + 1}`);
    assert.equal(result.copied, 500);
    assert.ok(result.dropped > 0, 'errorCodes removed from failed authentications');

    const aliases = await fx.es.indices.getAlias({ name: ida.index });
    assert.deepEqual(Object.keys(aliases), [`${ida.index}-v${current + 1}`]);
    const moved = aliases[`${ida.index}-v${current + 1}`]?.aliases?.[ida.index];
    assert.ok(moved?.filter, 'the alias still leaves tombstones out');
    assert.equal(await fx.indexCount(ida), 500);
    const mapping = await fx.es.indices.getMapping({ index: `${ida.index}-v${current + 1}` });
    assert.equal(mapping[`${ida.index}-v${current + 1}`]?.mappings.properties?.errorCodes, undefined);

    assert.equal(
      (await reindex(fx.es, ida, v2, fx.config.sink)).outcome,
      'up to date',
      'running it again is harmless',
    );
  } finally {
    await source.stop();
    await sink.stop();
  }
});

test('a sink refuses to start on an index of its version whose mapping lacks fields (changed without a new version)', {
  timeout: 60_000,
}, async () => {
  const idrepo = fx.connector('idrepo');
  const body = builtInIndexBodies().issuance;
  const { quality: _dropped, ...properties } = body.mappings.properties;
  const version = Number(body.mappings._meta?.version);
  await fx.es.indices.create({
    index: `${idrepo.index}-v${version}`,
    mappings: { ...body.mappings, properties } as never,
    aliases: { [idrepo.index]: { is_write_index: true } },
  });
  await assert.rejects(startSink(fx.config, [idrepo]), {
    name: 'FatalError',
    message: new RegExp(
      `^${idrepo.index}-v${version} lacks quality\\.hasIssues, .*without a new _meta\\.version`,
    ),
  });
});
