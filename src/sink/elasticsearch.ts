import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import type { PipelineConfig } from '../config/pipeline.ts';

/** The Elasticsearch client over every configured node: API key or basic auth when configured. */
export function elasticsearchClient(
  config: PipelineConfig['elasticsearch'],
  requestTimeoutMs = 60_000,
): Client {
  const auth = config.apiKey
    ? { apiKey: config.apiKey }
    : config.username
      ? { username: config.username, password: config.password ?? '' }
      : undefined;
  const tls = config.caFile ? { tls: { ca: readFileSync(config.caFile, 'utf8') } } : {};
  const nodes = [config.node, ...config.nodes];
  return new Client({
    nodes,
    ...(auth ? { auth } : {}),
    ...tls,
    requestTimeout: requestTimeoutMs,
    // Our own retries (with backoff, counted) handle an unavailable cluster; the client only moves a request
    // whose node is gone to another node of the cluster at once.
    maxRetries: nodes.length - 1,
  });
}
