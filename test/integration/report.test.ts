import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { panels } from '../../src/operations/dashboards/panels.ts';
import { formatNumber } from '../../src/operations/report/charts.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { requireStack } from './support/stack.ts';

const cli = resolve(import.meta.dirname, '../../bin/profile-cdc.mjs');
/** Debian's chromium package (.ci/run installs it). */
const chromium = '/usr/bin/chromium';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;

before(async () => {
  await requireStack();
  if (!existsSync(chromium)) throw new Error(`${chromium} is missing: apt-get install -y chromium`);
  fx = await pipelineFixture('it_report', { masterData: true });
  await fx.fillThroughPipeline(200, 100, 'report');
});
after(async () => fx?.close());

/** Runs a program to completion (killed after `timeoutMs`), collecting its output. */
function run(command: string, args: string[], timeoutMs = 120_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Headless Chromium with a fresh profile, nothing fetched but the file. */
const browser = (dir: string, ...args: string[]) =>
  run(chromium, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${mkdtempSync(join(dir, 'chromium-'))}`,
    ...args,
  ]);

test('profile-cdc report writes a self-contained page whose charts all draw in a browser', {
  timeout: 300_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  const out = join(dir, 'report.html');
  const prefix = fx.name.replaceAll('_', '-');
  const made = await run(process.execPath, [cli, 'report', '--out', out, '--index-prefix', prefix]);
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stdout, new RegExp(`${panels.length} charts written to`));
  const html = readFileSync(out, 'utf8');
  assert.ok(!/<script[^>]+src=|<link\b|\b(src|href)="(https?:)?\/\//i.test(html), 'an external resource');

  // The page as a browser leaves it once its inline script has run.
  const dumped = await browser(dir, '--dump-dom', `file://${out}`);
  assert.equal(dumped.code, 0, dumped.stderr);
  const dom = dumped.stdout;
  const body = /<body data-charts="(\d+)" data-charts-drawn="(\d+)"/.exec(dom);
  assert.ok(body, 'the inline script did not run');
  assert.equal(Number(body[1]), panels.length);
  assert.equal(Number(body[2]), panels.length, 'charts without a drawn mark');
  const charts = [...dom.matchAll(/<svg class="chart"[^>]*data-panel="([^"]+)"[^>]*data-drawn="(\d+)"/g)];
  assert.deepEqual(
    charts.map((m) => m[1]),
    panels.map((p) => p.id),
  );
  for (const [, id, drawn] of charts) assert.ok(Number(drawn) > 0, `${id}: no mark drawn`);

  // The figures are the indices': the totals are the document counts.
  const ida = await fx.indexCount(fx.connector('ida'));
  const total = new RegExp(`data-panel="ida-total"[^>]*>.*?<text data-mark[^>]*>${formatNumber(ida)}<`);
  assert.match(dom, total);

  // A screenshot to look at (path in the test output).
  const png = join(dir, 'report.png');
  const shot = await browser(dir, '--window-size=1400,5200', `--screenshot=${png}`, `file://${out}`);
  assert.equal(shot.code, 0, shot.stderr);
  assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(statSync(png).size > 50_000, 'a blank screenshot');
  t.diagnostic(`report ${out}, screenshot ${png}`);
});
