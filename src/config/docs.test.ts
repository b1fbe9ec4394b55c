import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { configSchema, envKeys, loadConfig } from './pipeline.ts';

const root = resolve(import.meta.dirname, '../..');
const docs = readFileSync(resolve(root, 'docs/configuration.md'), 'utf8');

/** Every leaf key of the schema, dotted ("sink.bulk.maxDocs"); records and optional objects count as leaves. */
function keys(shape: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([name, field]) => {
    let inner = field as { def?: { innerType?: unknown; type?: string; shape?: Record<string, unknown> } };
    while (inner.def?.innerType) inner = inner.def.innerType as typeof inner;
    const nested = inner.def?.type === 'object' ? inner.def.shape : undefined;
    return nested && name !== 'sasl' ? keys(nested, `${prefix}${name}.`) : [`${prefix}${name}`];
  });
}

test('docs/configuration.md documents every key and every variable', () => {
  const schemaKeys = keys(configSchema({}).shape as Record<string, unknown>);
  assert.ok(schemaKeys.includes('sink.bulk.maxDocs'));
  for (const key of schemaKeys.filter((k) => k !== 'kafka.sasl'))
    assert.match(docs, new RegExp(`\`${key.replaceAll('.', '\\.')}\``), key);
  for (const variable of Object.keys(envKeys)) assert.ok(docs.includes(`\`${variable}\``), variable);
});

test('the example config file is valid', () => {
  const path = resolve(root, 'profile-cdc.example.yaml');
  assert.ok(parse(readFileSync(path, 'utf8')));
  const config = loadConfig(path, {});
  assert.equal(config.kafka.sasl?.mechanism, 'scram-sha-512');
  assert.equal(config.postgres.ssl, 'verify-full');
});
