import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { waitFor } from '../../src/util/wait.ts';
import { exited, freePort, startCli } from './support/child.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_status');
});
after(async () => fx?.close());

const cli = resolve(import.meta.dirname, '../../bin/profile-cdc.mjs');
async function status(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'status', ...args], {
    env: { ...process.env, ...fx.env },
  });
  return stdout;
}

/** The table of `profile-cdc status` as rows of cells (columns are two or more spaces apart). */
const table = (screen: string) =>
  new Map(
    screen
      .split('\n')
      .map((line) => line.split(/ {2,}/))
      .filter((cells) => fx.connectors.some((c) => c.name === cells[0]))
      .map((cells) => [cells[0] as string, cells]),
  );

test('status of a running pipeline: every connector streaming, its documents, lag and published records; then of a stopped one', {
  timeout: 240_000,
}, async () => {
  await fx.generate(25, 'status');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const logFile = join(mkdtempSync(join(tmpdir(), 'status-')), 'run.log');
  const child = startCli(['run'], { ...fx.env, PROFILE_CDC_METRICS_PORT: String(port) }, logFile);
  try {
    await fx.allIndexed();
    const screen = await waitFor(
      async () => {
        const text = await status(['--endpoint', endpoint]);
        const rows = table(text);
        return [...rows.values()].every((r) => r[1] === 'streaming' && r[5] === '0') ? text : false;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every connector streaming with nothing left to index' },
    );
    assert.match(screen, /pipeline ready/);
    for (const c of fx.connectors) {
      const row = table(screen).get(c.name);
      assert.ok(row, `${c.name} has a line:\n${screen}`);
      const [, , slotLag, lastCommit, published, , documents, deadLetters, issues] = row;
      assert.match(slotLag ?? '', /\d+(\.\d)? (B|KiB|MiB)/);
      assert.notEqual(lastCommit, '-');
      assert.ok(Number(published?.replaceAll(',', '')) >= 25, `${c.name} published ${published}`);
      assert.equal(Number(documents?.replaceAll(',', '')), await fx.tableCount(c));
      assert.match(deadLetters ?? '', /^\d+$/);
      assert.match(issues ?? '', /^\d+$/);
    }
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
  const stopped = await status(['--endpoint', endpoint]);
  assert.match(stopped, /no pipeline answered/);
  for (const c of fx.connectors) {
    const row = table(stopped).get(c.name);
    assert.equal(row?.[1], 'not running');
    assert.equal(
      Number(row?.[6]?.replaceAll(',', '')),
      await fx.tableCount(c),
      'documents from Elasticsearch itself',
    );
  }
});
