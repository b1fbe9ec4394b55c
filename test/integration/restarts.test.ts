import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { localKafkaBroker, localPgUrl } from '../../src/config/local-stack.ts';
import { loadConfig, type PipelineConfig } from '../../src/config/pipeline.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { ddlByDatabase } from '../../src/dev/fixture/schema.ts';
import { stackSettings } from '../../src/dev/stack/settings.ts';
import { LocalStack } from '../../src/dev/stack/stack.ts';
import { readSample } from '../../src/kinds/fixtures/samples.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';

/**
 * Restarting PostgreSQL and the Kafka broker under a running source. They get a private stack (own
 * state folder and ports) so that stopping them disturbs no other test or process on this machine.
 */
const env = {
  ...process.env,
  PROFILE_CDC_STATE_DIR: mkdtempSync(join(tmpdir(), 'restarts-stack-')),
  PROFILE_CDC_PG_PORT: '25433',
  PROFILE_CDC_KAFKA_PORT: '29192',
  PROFILE_CDC_KAFKA_CONTROLLER_PORT: '29193',
  PROFILE_CDC_KAFKA_HEAP: '512m',
};
const settings = stackSettings(env);
let stack: LocalStack;
let config: PipelineConfig;
const connector: Connector = {
  name: 'prereg',
  kind: 'registration',
  database: 'mosip_prereg',
  schema: 'prereg',
  table: 'anonymous_profile',
  slot: 'restart_slot',
  publication: 'restart_pub',
  index: 'unused',
};
const topic = 'restart.prereg.anonymous_profile';
const url = () => localPgUrl(settings, connector.database);

before(async () => {
  stack = await LocalStack.open(['postgresql', 'kafka'], settings);
  await stack.up();
  const admin = new pg.Client({ connectionString: localPgUrl(settings, 'postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE mosip_prereg');
  await admin.end();
  const db = new pg.Client({ connectionString: url() });
  await db.connect();
  await db.query(ddlByDatabase().get('mosip_prereg') as string);
  await db.end();
  config = loadConfig(undefined, env);
  config.kafka.topicPrefix = 'restart';
  config.kafka.deadLetterTopic = 'restart.dead-letter';
});
after(async () => stack?.down());

let next = 0;
/** Inserts rows one transaction at a time; rows that fail (server down) are retried until they land. */
async function insertRows(count: number): Promise<string[]> {
  const ids: string[] = [];
  const profile = readSample('prereg').text;
  while (ids.length < count) {
    const id = `r-${String(++next).padStart(6, '0')}`;
    await waitFor(
      async () => {
        const db = new pg.Client({ connectionString: url() });
        try {
          await db.connect();
          await db.query(
            "INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ($1, $2, 'prereg-service', now())",
            [id, profile],
          );
          return true;
        } finally {
          await db.end().catch(() => undefined);
        }
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `insert ${id}` },
    );
    ids.push(id);
  }
  return ids;
}

async function keysInKafka(expected: number): Promise<Set<string>> {
  const kafka = new Kafka({ brokers: [localKafkaBroker(settings)], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `restart-reader-${Date.now()}` });
  const keys = new Set<string>();
  await consumer.connect();
  try {
    // Right after a broker restart its partitions may still be loading: subscribing is retried.
    await waitFor(() => consumer.subscribe({ topic, fromBeginning: true }).then(() => true), {
      timeoutMs: 60_000,
      what: `${topic} to be served again`,
    });
    await consumer.run({ eachMessage: async ({ message }) => void keys.add(String(message.key)) });
    await waitFor(() => keys.size >= expected, {
      timeoutMs: 60_000,
      what: () => `${expected} keys (have ${keys.size})`,
    });
  } finally {
    await consumer.disconnect();
  }
  return keys;
}

test('PostgreSQL restarts and the Kafka broker restarts under a running source: nothing lost', {
  timeout: 300_000,
}, async () => {
  const source = await startSource(config, [connector]);
  const state = () => source.sources[0]?.stats.state;
  try {
    await waitFor(() => state() === 'streaming', { timeoutMs: 60_000, what: 'streaming' });
    const ids = await insertRows(100);

    // PostgreSQL stops (fast shutdown ends the replication connection) and comes back.
    const postgresOnly = await LocalStack.open(['postgresql'], settings);
    await postgresOnly.down();
    await postgresOnly.up();
    ids.push(...(await insertRows(100)));
    await waitFor(() => state() === 'streaming' && (source.sources[0]?.stats.reconnects ?? 0) >= 1, {
      timeoutMs: 90_000,
      what: 'the source to reconnect after the PostgreSQL restart',
    });
    ids.push(...(await insertRows(100)));

    // The broker stops while rows keep coming; the publisher retries until it is back.
    const kafkaOnly = await LocalStack.open(['kafka'], settings);
    await kafkaOnly.down();
    ids.push(...(await insertRows(100)));
    await kafkaOnly.up();
    ids.push(...(await insertRows(100)));

    const keys = await keysInKafka(ids.length);
    assert.deepEqual(
      ids.filter((id) => !keys.has(id)),
      [],
      'every row reached Kafka',
    );
  } finally {
    await source.stop();
  }
});
