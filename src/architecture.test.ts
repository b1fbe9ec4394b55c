import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

/**
 * The folders of src/ in the order data and dependencies flow: a folder imports only from folders on an
 * earlier line (never from its own line's neighbours, never from a later one). Tests and fixtures may
 * reach anywhere.
 */
const layers: readonly (readonly string[])[] = [
  ['util'],
  ['config'],
  ['normalise'],
  ['encode', 'enrich'],
  ['kinds'],
  ['connectors'],
  ['kafka'],
  ['source', 'sink'],
  ['operations', 'dev'],
  ['cli'],
];

const src = import.meta.dirname;
const rank = new Map(layers.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : productionFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const topFolder = (file: string) => relative(src, file).split('/')[0] as string;

test('imports point down the layers: pipeline folders in the order data flows, then operations and dev tooling', () => {
  const wrong: string[] = [];
  for (const file of productionFiles(src)) {
    const from = topFolder(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const to = topFolder(resolve(dirname(file), m[1] as string));
      if (to === from) continue;
      const [a, b] = [rank.get(from), rank.get(to)];
      if (a === undefined || b === undefined || b >= a) wrong.push(`${relative(src, file)} imports ${to}/`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every folder of src/ has its place in the layers', () => {
  const folders = readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  assert.deepEqual(
    folders.filter((f) => !rank.has(f)),
    [],
  );
});

test('every module loads (an import Node cannot link, such as a CommonJS name it does not see, fails here)', async () => {
  const entryPoints = new Set([join(src, 'cli/main.ts')]);
  for (const file of productionFiles(src).filter((f) => !entryPoints.has(f))) {
    await import(pathToFileURL(file).href);
  }
});
