import type { Connector } from '../../connectors/connector.ts';

/**
 * `${connector}:${row id}`: the connector names the source table, so ids from different tables never
 * collide and a replay of the same row overwrites its document instead of adding one.
 */
export function documentId(connector: Pick<Connector, 'name'>, rowId: string): string {
  return `${connector.name}:${rowId}`;
}
