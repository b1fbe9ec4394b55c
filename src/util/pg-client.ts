import pg from 'pg';
import { log } from './log.ts';

/**
 * A PostgreSQL client that survives the server ending an idle connection (a restart, pg_terminate_backend):
 * without an 'error' listener that event would end the process. The next query on it fails instead, and
 * its caller retries as for any other connection failure.
 */
export function pgClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  client.on('error', (err) => log.debug({ err: err.message }, 'PostgreSQL connection ended'));
  return client;
}
