import { databaseUrl } from '../../config/database-url.ts';
import { ConfigError } from '../../config/errors.ts';
import type { PipelineConfig } from '../../config/pipeline.ts';
import type { TableConnector } from '../../connectors/connector.ts';
import { kafkaClient, probeClientOptions } from '../../kafka/client.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { log } from '../../util/log.ts';
import { pgClient } from '../../util/pg-client.ts';
import { misconfiguration, type Service } from './classify.ts';

const timeoutMs = 5_000;

async function attempt(service: Service, what: string, work: () => Promise<unknown>): Promise<string | null> {
  try {
    await work();
    return null;
  } catch (err) {
    const wrong = misconfiguration(service, err);
    if (wrong) return `${wrong.setting}: ${what}: ${wrong.reason}`;
    // Down or slow for now: the pipeline's own retries and health deal with that.
    log.warn({ err: (err as Error).message, service: what }, 'not reachable at start; the pipeline retries');
    return null;
  }
}

/**
 * One connection to each service the process needs, before anything starts: a certificate, host name
 * or credential that cannot work fails the start naming the setting (exit code 2), instead of a
 * pipeline that retries for ever. An unreachable service is left to the pipeline's retries.
 */
export async function preflight(
  config: PipelineConfig,
  connectors: readonly TableConnector[],
  parts: { source: boolean; sink: boolean },
): Promise<void> {
  const checks: Promise<string | null>[] = [];
  if (parts.source)
    for (const c of connectors)
      checks.push(
        attempt('postgresql', `database ${c.database}`, async () => {
          const db = pgClient({
            connectionString: databaseUrl(config.postgres, c.database),
            connectionTimeoutMillis: timeoutMs,
          });
          try {
            await db.connect();
          } finally {
            await db.end().catch(() => undefined);
          }
        }),
      );
  checks.push(
    attempt('kafka', 'Kafka', async () => {
      const admin = kafkaClient(config.kafka, 'preflight', {
        ...probeClientOptions,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }),
  );
  if (parts.sink)
    checks.push(
      attempt('elasticsearch', 'Elasticsearch', async () => {
        const es = elasticsearchClient(config.elasticsearch, timeoutMs);
        try {
          await es.cluster.health({ timeout: '1s' });
        } finally {
          await es.close().catch(() => undefined);
        }
      }),
    );
  const problems = (await Promise.all(checks)).filter((p) => p !== null);
  if (problems.length > 0) throw new ConfigError(problems.join('\n  '));
}
