import type { Client } from '@elastic/elasticsearch';
import type { ItemResult } from './action.ts';
import type { BulkSender } from './indexer.ts';

/**
 * One _bulk request of pre-serialised NDJSON; one result per action. Elasticsearch answers only each item's
 * status and error (filter_path): the full answer (index, id, version, shards, seq_no... per item) costs
 * Elasticsearch CPU to write and ours to parse, and is not read.
 */
export function bulkSender(es: Client): BulkSender {
  return async (body: string): Promise<ItemResult[]> => {
    const response = (await es.transport.request({
      method: 'POST',
      path: '/_bulk',
      querystring: { filter_path: 'items.*.status,items.*.error' },
      bulkBody: body,
    })) as { items?: Record<string, ItemResult>[] };
    const { items } = response;
    if (!items) throw new Error('the _bulk answer has no items');
    const results: ItemResult[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Record<string, ItemResult>;
      for (const op in item) results[i] = item[op] as ItemResult; // one key: the action's op
    }
    return results;
  };
}
