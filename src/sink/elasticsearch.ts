import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import type { PipelineConfig } from '../config/pipeline.ts';

/** The Elasticsearch client: API key or basic auth when configured; the client retries dead connections. */
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
  return new Client({
    node: config.node,
    ...(auth ? { auth } : {}),
    ...tls,
    requestTimeout: requestTimeoutMs,
    maxRetries: 0,
  });
}
