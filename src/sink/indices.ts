import type { Client } from '@elastic/elasticsearch';
import type { Connector } from '../connectors/connector.ts';
import { kindNamed } from '../kinds/index.ts';
import { type FieldMapping, type IndexBody, leafPaths } from '../kinds/mapping.ts';
import { FatalError } from '../util/fatal.ts';
import { log } from '../util/log.ts';

export type IndexSettings = { shards: number; replicas: number };

/**
 * What the alias shows: every document but tombstones. Searches, counts and dashboards through the alias
 * never see a deleted row, while the tombstone keeps older changes of that row from being indexed again.
 * (A GET by id ignores alias filters: it sees the tombstone.)
 */
export const visibleDocuments = { bool: { must_not: [{ term: { deleted: true } }] } };

/** The alias as the sink writes through it: the write index, tombstones filtered out. */
export const aliasOptions = { is_write_index: true, filter: visibleDocuments };

/** Documents go to an alias over a versioned index, so a mapping change is a reindex and an alias swap. */
export const versionedIndex = (alias: string, version: number) => `${alias}-v${version}`;

export const mappingVersion = (body: IndexBody): number => Number(body.mappings._meta?.version ?? 1);

export type IndexState = { alias: string; index: string; created: boolean; current: boolean };

/**
 * Makes sure `alias` points at an index: creates `<alias>-v<mapping version>` with the explicit mapping
 * when the alias is missing. An alias on an older version is left alone (`current: false`): moving it
 * is `profile-cdc reindex`'s job, never a side effect of starting.
 */
async function ensureIndex(
  es: Client,
  alias: string,
  body: IndexBody,
  settings: IndexSettings,
): Promise<IndexState> {
  const index = versionedIndex(alias, mappingVersion(body));
  if (await es.indices.existsAlias({ name: alias })) {
    const pointed = Object.keys(await es.indices.getAlias({ name: alias }));
    const current = pointed.includes(index);
    if (current) await assertSameMapping(es, index, body);
    return { alias, index: pointed[0] ?? index, created: false, current };
  }
  if (await es.indices.exists({ index: alias })) {
    throw new Error(
      `${alias} is a concrete index, not an alias; move it aside (profile-cdc expects an alias)`,
    );
  }
  await createIndex(es, index, body, settings, alias);
  return { alias, index, created: true, current: true };
}

/**
 * An index of the current version must hold the current mapping: one created under the same version number
 * with other fields (a mapping changed without a new _meta.version) would refuse every document. Fails at
 * start-up, naming the fields, instead of dead-lettering everything.
 */
async function assertSameMapping(es: Client, index: string, body: IndexBody): Promise<void> {
  const live = await es.indices.getMapping({ index });
  const properties = (live[index]?.mappings.properties ?? {}) as Record<string, FieldMapping>;
  const have = new Set(leafPaths(properties));
  const missing = leafPaths(body.mappings.properties).filter((path) => !have.has(path));
  if (missing.length > 0) {
    throw new FatalError(
      `${index} lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}, ` +
        'which this version of its mapping declares: the mapping changed without a new _meta.version. ' +
        'Raise the version and run profile-cdc reindex, or delete the index if its documents can be indexed again.',
    );
  }
}

export async function createIndex(
  es: Client,
  index: string,
  body: IndexBody,
  settings: IndexSettings,
  alias?: string,
): Promise<void> {
  await es.indices.create({
    index,
    settings: {
      ...body.settings,
      index: {
        ...(body.settings?.index ?? {}),
        number_of_shards: settings.shards,
        number_of_replicas: settings.replicas,
      },
    },
    mappings: body.mappings as never,
    ...(alias ? { aliases: { [alias]: aliasOptions } } : {}),
  });
}

/** ensureIndex for every connector's alias with its kind's mapping; an outdated alias is only warned about. */
export async function ensureIndices(
  es: Client,
  connectors: readonly Pick<Connector, 'index' | 'kind'>[],
  settings: IndexSettings,
): Promise<void> {
  for (const c of connectors) {
    const state = await ensureIndex(es, c.index, kindNamed(c.kind).indexBody, settings);
    if (!state.current)
      log.warn({ ...state }, 'the alias points at an older mapping version; run profile-cdc reindex');
    else if (state.created) log.info({ ...state }, 'created index');
  }
}
