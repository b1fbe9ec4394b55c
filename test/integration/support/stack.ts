import { Client as Elasticsearch } from '@elastic/elasticsearch';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { portOpen } from '../../../src/stack/service.ts';
import { localEsUrl, localKafkaBroker, localPgUrl, stackSettings } from '../../../src/stack/settings.ts';

/** The running local stack the integration tests talk to (`npx profile-cdc stack up` starts it). */
export const settings = stackSettings();
export const pgUrl = (database: string) => localPgUrl(settings, database);
export const kafka = () =>
  new Kafka({ clientId: 'profile-cdc-test', brokers: [localKafkaBroker(settings)], logLevel: logLevel.WARN });
export const elasticsearch = () => new Elasticsearch({ node: localEsUrl(settings) });

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
