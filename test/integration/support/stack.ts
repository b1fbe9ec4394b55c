import { Client as Elasticsearch } from '@elastic/elasticsearch';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { localEsUrls, localKafkaBrokers, localPgUrl } from '../../../src/config/local-stack.ts';
import { portOpen } from '../../../src/dev/stack/service.ts';
import { stackSettings } from '../../../src/dev/stack/settings.ts';
import { waitFor } from '../../../src/util/wait.ts';

/**
 * The running local stack the integration tests talk to (`npx profile-cdc stack up` starts it; with
 * PROFILE_CDC_STACK_CLUSTER=true, the cluster profile).
 */
export const settings = stackSettings();
export const pgUrl = (database: string) => localPgUrl(settings, database);
export const kafka = () =>
  new Kafka({ clientId: 'profile-cdc-test', brokers: localKafkaBrokers(settings), logLevel: logLevel.WARN });
export const elasticsearch = () => new Elasticsearch({ nodes: localEsUrls(settings) });

/** Fails fast, naming the command, when the stack is not up. */
export async function requireStack(): Promise<void> {
  const checks = [
    ['PostgreSQL', settings.pg.host, settings.pg.port],
    ['Kafka', settings.kafka.host, settings.kafka.port],
    ['Elasticsearch', settings.es.host, settings.es.port],
  ] as const;
  for (const [name, host, port] of checks) {
    if (!(await portOpen(host, port))) {
      throw new Error(
        `${name} is not listening on ${host}:${port}; start the stack: npx profile-cdc stack up`,
      );
    }
  }
}

/** A fresh database for one test file, dropped by the returned cleanup. */
export async function scratchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: pgUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: pgUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl('postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${process.pid}`;

/**
 * Drops a replication slot once no walsender holds it: a stopped source's walsender releases the slot
 * as it exits, a moment after its client has gone, and dropping an active slot fails.
 */
export async function dropSlotWhenReleased(
  query: (sql: string, params: unknown[]) => Promise<unknown[]>,
  slot: string,
): Promise<void> {
  await waitFor(
    async () =>
      (await query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [slot])).length ===
      0,
    { timeoutMs: 30_000, what: `slot ${slot} to be released` },
  );
  await query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
    slot,
  ]);
}
