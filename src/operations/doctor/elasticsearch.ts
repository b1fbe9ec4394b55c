import type { PipelineConfig } from '../../config/pipeline.ts';
import type { Connector } from '../../connectors/connector.ts';
import { kindNamed } from '../../kinds/index.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { mappingVersion, versionedIndex } from '../../sink/indices.ts';
import { type Check, pass, problem } from './check.ts';

const area = 'elasticsearch';

/** The cluster's version and health, and each connector's alias on an index of its current mapping. */
export async function checkElasticsearch(
  config: PipelineConfig,
  connectors: readonly Connector[],
): Promise<Check[]> {
  const es = elasticsearchClient(config.elasticsearch, 5_000);
  try {
    // The nodes' versions (GET / is not served by every distribution, the test one included).
    const nodes = await es.nodes.info({ filter_path: 'nodes.*.version' });
    const versions = [...new Set(Object.values(nodes.nodes ?? {}).map((n) => n.version))];
    const oldest = Math.min(...versions.map((v) => Number(v.split('.')[0])));
    const checks: Check[] = [
      oldest >= 8
        ? pass(area, 'cluster', 'version', versions.join(', '))
        : problem(
            'fail',
            area,
            'cluster',
            'version',
            versions.join(', '),
            'profile-cdc needs Elasticsearch 8 or later',
          ),
    ];
    const health = await es.cluster.health();
    checks.push(
      health.status === 'red'
        ? problem(
            'fail',
            area,
            'cluster',
            'health',
            `red (${health.unassigned_shards} unassigned shards)`,
            'GET _cluster/allocation/explain says why a primary shard is unassigned',
          )
        : pass(area, 'cluster', 'health', `${health.status}, ${health.number_of_nodes} node(s)`),
    );
    for (const c of connectors) {
      const current = versionedIndex(c.index, mappingVersion(kindNamed(c.kind).indexBody));
      if (!(await es.indices.existsAlias({ name: c.index }))) {
        checks.push(
          problem(
            'warn',
            area,
            c.index,
            'alias',
            'missing',
            `none: the sink creates ${current} and the alias at start`,
          ),
        );
        continue;
      }
      const pointed = Object.keys(await es.indices.getAlias({ name: c.index }));
      checks.push(
        pointed.includes(current)
          ? pass(area, c.index, 'alias', `on ${current} (the current mapping)`)
          : problem(
              'fail',
              area,
              c.index,
              'alias',
              `on ${pointed.join(', ')}, not ${current}`,
              'profile-cdc reindex (copies into the current mapping and moves the alias)',
            ),
      );
    }
    return checks;
  } catch (err) {
    return [
      problem(
        'fail',
        area,
        'cluster',
        'reachable',
        `${[config.elasticsearch.node, ...config.elasticsearch.nodes].join(', ')}: ${(err as Error).message}`,
        'check elasticsearch.node, the credentials (apiKey or username/password) and caFile',
      ),
    ];
  } finally {
    await es.close();
  }
}
