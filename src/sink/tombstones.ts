import type { Client } from '@elastic/elasticsearch';

type Hit = { _index: string; _id: string; _version?: number };

const tombstonesBefore = (before: Date) => ({
  bool: {
    filter: [{ term: { deleted: true } }, { range: { '@timestamp': { lt: before.toISOString() } } }],
  },
});

/** The indices behind an alias (tombstones are filtered out of the alias itself, so they are read there). */
async function indicesOf(es: Client, alias: string): Promise<string[]> {
  return (await es.indices.existsAlias({ name: alias }))
    ? Object.keys(await es.indices.getAlias({ name: alias }))
    : [];
}

/** Tombstones behind `alias`, in all and those deleted before `before`. */
export async function countTombstones(
  es: Client,
  alias: string,
  before: Date,
): Promise<{ all: number; older: number }> {
  const index = await indicesOf(es, alias);
  if (index.length === 0) return { all: 0, older: 0 };
  const all = await es.count({ index, query: { term: { deleted: true } } });
  const older = await es.count({ index, query: tombstonesBefore(before) });
  return { all: all.count, older: older.count };
}

/**
 * Removes the tombstones of rows deleted before `before`. Each is deleted at its own version, so a row written
 * again since (a newer version) is never touched. A tombstone must outlive every change of its row that a
 * replay could still deliver: purge only what is older than the topics' retention (retention.ms).
 */
export async function purgeTombstones(
  es: Client,
  alias: string,
  before: Date,
  onProgress: (purged: number) => void = () => undefined,
): Promise<{ purged: number; kept: number }> {
  const index = await indicesOf(es, alias);
  let purged = 0;
  let kept = 0;
  if (index.length === 0) return { purged, kept };
  const pages = es.helpers.scrollSearch<Record<string, unknown>>({
    index,
    size: 1000,
    scroll: '2m',
    version: true,
    _source: false,
    query: tombstonesBefore(before),
  });
  for await (const page of pages) {
    const hits = page.body.hits.hits as Hit[];
    if (hits.length === 0) continue;
    const operations = hits.map((h) => ({
      delete: { _index: h._index, _id: h._id, version: h._version, version_type: 'external_gte' as const },
    }));
    const response = await es.bulk({ operations, refresh: false });
    for (const item of response.items) {
      const status = item.delete?.status ?? 0;
      if (status >= 200 && status < 300) purged += 1;
      else if (status === 409 || status === 404) kept += 1;
      else
        throw new Error(`${alias}: a tombstone could not be purged: ${JSON.stringify(item.delete?.error)}`);
    }
    onProgress(purged);
  }
  await es.indices.refresh({ index });
  return { purged, kept };
}
