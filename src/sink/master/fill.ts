import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import type { IndexMappings } from '../../kinds/mapping.ts';
import { backoffMs, dependencyBackoff } from '../../util/backoff.ts';
import { log } from '../../util/log.ts';
import { guard } from '../document/guard.ts';
import type { MasterLookup } from './lookup.ts';

/** An index whose documents carry a joined centre (a kind whose mapping declares `centre`). */
export type CentreIndex = { index: string; mappings: IndexMappings };

export type CentreFillDeps = {
  es: Client;
  indices: readonly CentreIndex[];
  lookup: MasterLookup;
  /** Documents re-indexed at most per centre change. */
  limit: number;
  /** Resolves once every document submitted before the call is in Elasticsearch (so a search finds it). */
  settled(): Promise<void>;
  filled?(index: string, documents: number): void;
};

const pageSize = 500;
const attempts = 5;

/**
 * Brings documents up to date with a centre that arrived after them, or changed: the documents naming it
 * are read back and indexed again with the centre joined, at their own version (external_gte), so a newer
 * write of the same row always wins over the fill. Bounded per change (`limit`); centres are filled one at
 * a time, in the background, and a failure is retried with backoff, then left to the next start's sweep.
 */
export class CentreFiller {
  private readonly queued = new Set<string>();
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: CentreFillDeps) {}

  /** Queues these centres' documents for a fill. */
  request(ids: readonly string[]): void {
    if (this.deps.indices.length === 0 || this.stopped) return;
    for (const id of ids) this.queued.add(id);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Finds documents indexed before their centre was known (at start: from an earlier run) and fills them. */
  async sweep(): Promise<void> {
    const ids = new Set<string>();
    for (const { index } of this.deps.indices) {
      const response = await this.deps.es.search<unknown, { centres: { buckets: { key: string }[] } }>({
        index,
        size: 0,
        query: {
          bool: {
            filter: [{ exists: { field: 'registrationCenterId' } }],
            must_not: [{ exists: { field: 'centre.name' } }],
          },
        },
        aggs: { centres: { terms: { field: 'registrationCenterId', size: 10_000 } } },
      });
      for (const bucket of response.aggregations?.centres.buckets ?? [])
        if (this.deps.lookup.centre(bucket.key) !== null) ids.add(bucket.key);
    }
    if (ids.size > 0)
      log.info({ centres: ids.size }, 'documents indexed before their centre was known: filling in');
    this.request([...ids]);
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the page being written; what is left is found by the next start's sweep. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queued.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (const id of this.queued) {
      this.queued.delete(id);
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          await this.fill(id);
          break;
        } catch (err) {
          if (attempt + 1 >= attempts) {
            log.error(
              { err, centre: id },
              'the documents of a changed centre could not be filled in; the next start sweeps them',
            );
            break;
          }
          const waitMs = backoffMs(attempt, dependencyBackoff);
          log.warn(
            { err: (err as Error).message, centre: id, waitMs },
            'filling in a centre failed; retrying',
          );
          await delay(waitMs);
        }
      }
    }
  }

  private async fill(id: string): Promise<void> {
    const { es, lookup, limit } = this.deps;
    await this.deps.settled();
    for (const { index, mappings } of this.deps.indices) {
      if (this.stopped) return;
      await es.indices.refresh({ index });
      let written = 0;
      let page = await es.search<Record<string, unknown>>({
        index,
        scroll: '1m',
        size: pageSize,
        version: true,
        query: { term: { registrationCenterId: id } },
      });
      try {
        while (page.hits.hits.length > 0 && written < limit && !this.stopped) {
          const centre = lookup.centre(id);
          const operations: object[] = [];
          for (const hit of page.hits.hits) {
            const source = hit._source;
            if (!source || hit._version === undefined || isDeepStrictEqual(source.centre ?? null, centre))
              continue;
            const { document } = guard(mappings, { ...source, centre });
            operations.push(
              {
                index: {
                  _index: hit._index,
                  _id: hit._id,
                  version: hit._version,
                  version_type: 'external_gte',
                },
              },
              document,
            );
          }
          if (operations.length > 0) {
            const result = await es.bulk({ operations });
            // 409: a newer write of the row came first, and was joined with the centre as it is now.
            const refused = result.items.filter((i) => i.index?.error && i.index.status !== 409);
            if (refused.length > 0)
              throw new Error(
                `${refused.length} documents refused, e.g. ${JSON.stringify(refused[0]?.index?.error)}`,
              );
            const done = result.items.filter((i) => !i.index?.error).length;
            written += done;
            this.deps.filled?.(index, done);
          }
          if (!page._scroll_id) break;
          page = await es.scroll<Record<string, unknown>>({ scroll_id: page._scroll_id, scroll: '1m' });
        }
      } finally {
        if (page._scroll_id) await es.clearScroll({ scroll_id: page._scroll_id }).catch(() => undefined);
      }
      if (written >= limit)
        log.warn(
          { index, centre: id, limit },
          'more documents name this centre than master.fillLimit; a backfill of the connector joins the rest',
        );
      else if (written > 0)
        log.info({ index, centre: id, documents: written }, 'documents filled in with their centre');
    }
  }
}
