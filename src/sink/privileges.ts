import type { Connector } from '../connectors/connector.ts';

/**
 * The least an Elasticsearch credential of the sink needs (a role descriptor for an API key or a role):
 * cluster health for its probes; on each alias and its versioned indices, creating the index and pointing
 * the alias at it on the first start, bulk writes and deletes, and reading the alias and mappings.
 * `reindex` (a new mapping version) needs `read` and `manage` on the same names: an operator's credential.
 */
export function sinkRoleDescriptor(connectors: readonly Connector[]) {
  return {
    'profile-cdc-sink': {
      cluster: ['monitor'],
      indices: [
        {
          names: connectors.flatMap((c) => [c.index, `${c.index}-v*`]),
          privileges: ['create_index', 'manage_aliases', 'view_index_metadata', 'write'],
          allow_restricted_indices: false,
        },
      ],
    },
  };
}
