import type { PipelineConfig } from '../../config/pipeline.ts';
import type { Connector, MasterConnector } from '../../connectors/connector.ts';
import { type Check, pass, problem } from './check.ts';
import { checkElasticsearch } from './elasticsearch.ts';
import { checkKafka } from './kafka.ts';
import { checkPostgres } from './postgres.ts';

async function checkRegistry(url: string): Promise<Check> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/subjects`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return pass(
      'schema-registry',
      'registry',
      'reachable',
      `${((await res.json()) as unknown[]).length} subject(s)`,
    );
  } catch (err) {
    return problem(
      'fail',
      'schema-registry',
      'registry',
      'reachable',
      `${url}: ${(err as Error).message}`,
      'check kafka.schemaRegistryUrl, or unset it to use single-object Avro without a registry',
    );
  }
}

/** Every check of `profile-cdc doctor`, in the order data flows; master-data tables have no index to check. */
export async function runDoctor(
  config: PipelineConfig,
  connectors: readonly Connector[],
  masters: readonly MasterConnector[] = [],
): Promise<Check[]> {
  const checks: Check[] = [];
  for (const c of [...connectors, ...masters]) checks.push(...(await checkPostgres(config, c)));
  checks.push(...(await checkKafka(config, connectors, masters)));
  if (config.kafka.schemaRegistryUrl) checks.push(await checkRegistry(config.kafka.schemaRegistryUrl));
  checks.push(...(await checkElasticsearch(config, connectors)));
  return checks;
}
