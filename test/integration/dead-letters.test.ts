import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, startCli } from './support/child.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_letters');
});
after(async () => fx?.close());

/** `profile-cdc dead-letters <args>` against the fixture's topics and databases; its standard output. */
async function deadLetters(args: string[], env: Record<string, string> = {}): Promise<string> {
  const log = join(mkdtempSync(join(tmpdir(), 'letters-')), 'cli.log');
  const child = startCli(['dead-letters', ...args, '--connectors', 'ida'], { ...fx.env, ...env }, log);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  assert.equal(await exited(child), 0, `dead-letters ${args.join(' ')} failed (see ${log})`);
  return out;
}

test('dead letters listed by category, replayed after a fix: indexed once, however often replayed', {
  timeout: 300_000,
}, async () => {
  const ida = fx.connector('ida');
  await generateRows({ connector: ida, url: pgUrl(ida.database), rows: 300, seed: 'letters' });
  await fx.query(
    ida,
    "INSERT INTO ida.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ('not-json-1', '{oops', 'ida', now())",
  );
  // A profile limit far too low (the "bug"): most rows are dead-lettered as too large.
  const tight = { ...fx.config, source: { ...fx.config.source, maxProfileBytes: 300 } };
  const source = await startSource(tight, [ida]);
  const sink = await startSink(fx.config, [ida]);
  try {
    const state = () => source.sources[0]?.stats;
    await waitFor(() => (state()?.published ?? 0) >= 301, { timeoutMs: 60_000, what: '301 rows published' });
    const tooLarge = state()?.deadLetters['too-large'] ?? 0;
    assert.ok(tooLarge > 50, `${tooLarge} rows over 300 bytes`);
    assert.equal(state()?.deadLetters['invalid-profile'], 1);
    await waitFor(async () => (await fx.indexCount(ida)) === 300 - tooLarge, {
      timeoutMs: 60_000,
      what: 'the rest indexed',
    });

    const listed = await deadLetters(['list']);
    assert.match(listed, new RegExp(`^${tooLarge + 1} of ${tooLarge + 1} letters`, 'm'));
    assert.match(listed, new RegExp(`^ida  too-large  ${tooLarge}$`, 'm'));
    assert.match(listed, /^ida {2}invalid-profile {2}1$/m);
    assert.match(listed, /more than source\.maxProfileBytes \(300\)/);
    assert.match(await deadLetters(['list', '--reason', 'invalid-profile']), /^1 of \d+ letters/m);

    // The fix (the default limit), then the replay: every too-large row indexes, the broken one still fails.
    const replayed = await deadLetters(['replay']);
    assert.match(replayed, new RegExp(`${tooLarge + 1} letters: ${tooLarge} rows sent again`));
    assert.match(replayed, /still failing, invalid-profile: 1/);
    await waitFor(async () => (await fx.indexCount(ida)) === 300, {
      timeoutMs: 60_000,
      what: 'all 300 indexed',
    });

    const again = await deadLetters(['replay']);
    assert.match(again, new RegExp(`${tooLarge} rows sent again`));
    await waitFor(() => sink.stats.consumed >= 300 + tooLarge, {
      timeoutMs: 60_000,
      what: 'the second replay consumed',
    });
    assert.equal(await fx.indexCount(ida), 300, 'replayed twice, indexed once');
  } finally {
    await source.stop();
    await sink.stop();
  }
});
