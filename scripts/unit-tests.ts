// Runs every unit test (src/**/*.test.ts) in this one process: one module graph loaded once instead of a
// process per file. `npm run test:unit`; a file name filter narrows it (`npm run test:unit -- kinds/`).
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const src = resolve(import.meta.dirname, '../src');
const filters = process.argv.slice(2);
const tests = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tests(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
const files = tests(src)
  .filter((f) => filters.length === 0 || filters.some((filter) => relative(src, f).includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no unit test file matches ${filters.join(', ')}`);
  process.exit(1);
}
for (const file of files) await import(pathToFileURL(file).href);
