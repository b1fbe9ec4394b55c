// Copies the data files the compiled code reads beside itself (Avro schemas, index mappings) from src/ into
// the build's output directory, keeping their paths: `node scripts/copy-assets.mjs [outDir]` (default dist).
import { cpSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const src = resolve(import.meta.dirname, '../src');
const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../dist'));
const assets = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : assets(path);
    return /\.(avsc|json)$/.test(e.name) ? [path] : [];
  });
for (const file of assets(src)) cpSync(file, join(out, relative(src, file)));
