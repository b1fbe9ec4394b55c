import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../config/errors.ts';
import { isMasterKind } from '../kinds/master/index.ts';
import {
  type Connector,
  connectorSchema,
  type MasterConnector,
  masterConnectorSchema,
  type TableConnector,
} from './connector.ts';

/** connectors/ in the repository, or PROFILE_CDC_CONNECTORS_DIR (a ConfigMap in Kubernetes). */
const defaultConnectorsDir = resolve(
  process.env.PROFILE_CDC_CONNECTORS_DIR ?? resolve(import.meta.dirname, '../../connectors'),
);

type Loaded = { profiles: Connector[]; masters: MasterConnector[] };

/**
 * Reads every connectors/*.yaml, validated against the schema of its kind (a profile table's, or a master
 * table's); a bad file fails naming the file and the key.
 */
function loadAll(dir: string): Loaded {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const loaded: Loaded = { profiles: [], masters: [] };
  const names = new Set<string>();
  for (const file of files) {
    const path = join(dir, file);
    const raw: unknown = parse(readFileSync(path, 'utf8'));
    const kind = (raw as { kind?: unknown } | null)?.kind;
    const master = typeof kind === 'string' && isMasterKind(kind);
    const parsed = (master ? masterConnectorSchema : connectorSchema).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    if (names.has(parsed.data.name))
      throw new ConfigError(`${dir}: two connectors are named '${parsed.data.name}'`);
    names.add(parsed.data.name);
    if (master) loaded.masters.push(parsed.data as MasterConnector);
    else loaded.profiles.push(parsed.data as Connector);
  }
  return loaded;
}

/** The profile-table connectors (those with an index). */
export function loadConnectors(dir: string = defaultConnectorsDir): Connector[] {
  return loadAll(dir).profiles;
}

/** The master-data connectors (connectors/master-*.yaml): what the sink joins documents with. */
export function loadMasterConnectors(dir: string = defaultConnectorsDir): MasterConnector[] {
  return loadAll(dir).masters;
}

/** Picks connectors by name; 'all' (or none given) means every one. */
export function selectConnectors(all: Connector[], names: string[] | string | undefined): Connector[] {
  return selectFrom(all, names);
}

/**
 * Profile and master connectors by name: 'all' (or none given) means every one of both; naming only
 * profile connectors leaves the master ones out (a test's or an operator's single table).
 */
export function selectTables(
  loaded: { profiles: Connector[]; masters: MasterConnector[] },
  names: string[] | string | undefined,
): { profiles: Connector[]; masters: MasterConnector[] } {
  const wanted = wantedNames(names);
  if (wanted.length === 0 || wanted.includes('all')) return loaded;
  const known: TableConnector[] = [...loaded.profiles, ...loaded.masters];
  selectFrom(known, wanted);
  return {
    profiles: loaded.profiles.filter((c) => wanted.includes(c.name)),
    masters: loaded.masters.filter((c) => wanted.includes(c.name)),
  };
}

/** Every connector of both sorts. */
export function loadTables(dir: string = defaultConnectorsDir): Loaded {
  return loadAll(dir);
}

const wantedNames = (names: string[] | string | undefined): string[] =>
  (Array.isArray(names) ? names : names ? names.split(',') : []).map((n) => n.trim()).filter(Boolean);

function selectFrom<C extends TableConnector>(all: C[], names: string[] | string | undefined): C[] {
  const wanted = wantedNames(names);
  if (wanted.length === 0 || wanted.includes('all')) return all;
  return wanted.map((name) => {
    const found = all.find((c) => c.name === name);
    if (!found)
      throw new ConfigError(`unknown connector '${name}' (known: ${all.map((c) => c.name).join(', ')})`);
    return found;
  });
}
