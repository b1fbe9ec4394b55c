import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_scale');
});
after(async () => fx?.close());

test('two sinks in one group share the partitions: every document once, none lost', {
  timeout: 240_000,
}, async () => {
  const source = await startSource(fx.config, fx.connectors);
  const first = await startSink(fx.config, fx.connectors);
  const second = await startSink(fx.config, fx.connectors);
  try {
    await Promise.all(
      fx.connectors.map((connector) =>
        generateRows({ connector, url: pgUrl(connector.database), rows: 1500, seed: 'scale' }),
      ),
    );
    await fx.allIndexed();
    const done = (s: typeof first) => s.stats.indexed + s.stats.deleted + s.stats.updated;
    assert.ok(done(first) > 0 && done(second) > 0, `both worked: ${done(first)} and ${done(second)}`);
    // Between them every record was processed; a rebalance may hand a partition over with its last
    // batch uncommitted, so a few may be processed twice: the exact document counts above are what
    // shows no duplicate reached Elasticsearch.
    assert.ok(done(first) + done(second) >= 6000);
  } finally {
    await source.stop();
    await first.stop();
    await second.stop();
  }
});
