import type { Client } from '@elastic/elasticsearch';
import type { Connector } from '../connectors/connector.ts';
import { parseLsn } from '../encode/lsn.ts';
import type { IndexBody } from '../kinds/mapping.ts';
import { guard } from './document/guard.ts';
import { aliasOptions, createIndex, type IndexSettings, mappingVersion, versionedIndex } from './indices.ts';

export type ReindexResult = {
  alias: string;
  from: string | undefined;
  to: string;
  copied: number;
  /** Fields the new mapping no longer allows, removed while copying. */
  dropped: number;
  outcome: 'up to date' | 'created' | 'reindexed';
};

type Hit = { _id: string; _source?: Record<string, unknown> };

/**
 * One pass over `from`: every document, guarded by the new mapping, written to `to` with its WAL
 * position as external version, so a pass never overwrites a newer write and can be repeated.
 */
async function copyPass(
  es: Client,
  from: string,
  to: string,
  body: IndexBody,
  onProgress: (n: number) => void,
) {
  let copied = 0;
  let dropped = 0;
  const hits = es.helpers.scrollSearch<Record<string, unknown>>({
    index: from,
    size: 1000,
    scroll: '2m',
    sort: ['_doc'],
  });
  for await (const page of hits) {
    const docs = page.body.hits.hits as Hit[];
    if (docs.length === 0) continue;
    const operations: unknown[] = [];
    for (const hit of docs) {
      const guarded = guard(body.mappings, hit._source ?? {});
      dropped += guarded.dropped.length;
      const lsn = (guarded.document.source as { lsn?: string } | undefined)?.lsn;
      const version = lsn ? Number(parseLsn(lsn)) : undefined;
      operations.push(
        {
          index: {
            _index: to,
            _id: hit._id,
            ...(version !== undefined ? { version, version_type: 'external_gte' } : {}),
          },
        },
        guarded.document,
      );
    }
    const response = await es.bulk({ operations, refresh: false });
    const refused = response.items.filter((i) => i.index?.error && i.index.status !== 409);
    if (refused.length > 0) {
      throw new Error(
        `${to}: ${refused.length} documents refused, e.g. ${JSON.stringify(refused[0]?.index?.error)}`,
      );
    }
    copied += docs.length;
    onProgress(copied);
  }
  return { copied, dropped };
}

/**
 * Moves `connector.index` (an alias) to `<alias>-v<mapping version>`: creates the new index with the
 * new mapping, copies every document (twice: the second pass catches what the sink wrote meanwhile),
 * then swaps the alias in one atomic request. The old index is kept unless `deleteOld`.
 */
export async function reindex(
  es: Client,
  connector: Connector,
  body: IndexBody,
  settings: IndexSettings,
  options: { deleteOld?: boolean; onProgress?: (copied: number) => void } = {},
): Promise<ReindexResult> {
  const { deleteOld = false, onProgress = () => undefined } = options;
  const alias = connector.index;
  const to = versionedIndex(alias, mappingVersion(body));
  const pointed = (await es.indices.existsAlias({ name: alias }))
    ? Object.keys(await es.indices.getAlias({ name: alias }))
    : [];
  const from = pointed[0];
  const base = { alias, from, to, copied: 0, dropped: 0 };
  if (from === to) return { ...base, outcome: 'up to date' };
  if (!(await es.indices.exists({ index: to }))) await createIndex(es, to, body, settings);
  if (!from) {
    await es.indices.putAlias({ index: to, name: alias, ...aliasOptions });
    return { ...base, outcome: 'created' };
  }
  const first = await copyPass(es, from, to, body, onProgress);
  await es.indices.updateAliases({
    actions: [{ remove: { index: from, alias } }, { add: { index: to, alias, ...aliasOptions } }],
  });
  await es.indices.refresh({ index: from });
  const second = await copyPass(es, from, to, body, () => undefined);
  await es.indices.refresh({ index: to });
  if (deleteOld) await es.indices.delete({ index: from });
  return { ...base, copied: first.copied, dropped: first.dropped + second.dropped, outcome: 'reindexed' };
}
