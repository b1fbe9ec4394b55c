import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../config/errors.ts';
import { type Connector, connectorSchema } from './connector.ts';

/** connectors/ in the repository, or PROFILE_CDC_CONNECTORS_DIR (a ConfigMap in Kubernetes). */
const defaultConnectorsDir = resolve(
  process.env.PROFILE_CDC_CONNECTORS_DIR ?? resolve(import.meta.dirname, '../../connectors'),
);

/** Reads every connectors/*.yaml, validated; a bad file fails naming the file and the key. */
export function loadConnectors(dir: string = defaultConnectorsDir): Connector[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const connectors = files.map((file) => {
    const path = join(dir, file);
    const parsed = connectorSchema.safeParse(parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    return parsed.data;
  });
  const names = new Set<string>();
  for (const c of connectors) {
    if (names.has(c.name)) throw new ConfigError(`${dir}: two connectors are named '${c.name}'`);
    names.add(c.name);
  }
  return connectors;
}

/** Picks connectors by name; 'all' (or none given) means every one. */
export function selectConnectors(all: Connector[], names: string[] | string | undefined): Connector[] {
  const wanted = (Array.isArray(names) ? names : names ? names.split(',') : []).map((n) => n.trim());
  if (wanted.length === 0 || wanted.includes('all')) return all;
  return wanted.map((name) => {
    const found = all.find((c) => c.name === name);
    if (!found)
      throw new ConfigError(`unknown connector '${name}' (known: ${all.map((c) => c.name).join(', ')})`);
    return found;
  });
}
