import pg from 'pg';
import { loadConfig, type PipelineConfig } from '../../../src/config/pipeline.ts';
import type { Connector } from '../../../src/connectors/connector.ts';
import { ddlByDatabase } from '../../../src/dev/fixture/schema.ts';
import { readSample } from '../../../src/kinds/fixtures/samples.ts';
import { dropSlotWhenReleased, scratchDatabase, uniqueName } from './stack.ts';

/**
 * A scratch copy of MOSIP's prereg table in its own database, with a connector of its own (slot,
 * publication, topic prefix), so a test never sees another test's rows.
 */
export async function sourceFixture(label: string) {
  const name = uniqueName(label);
  const db = await scratchDatabase(name);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(ddlByDatabase().get('mosip_prereg') as string);
  const connector: Connector = {
    name: label.replaceAll('_', '-'),
    kind: 'registration',
    database: name,
    schema: 'prereg',
    table: 'anonymous_profile',
    slot: `${name}_slot`,
    publication: `${name}_pub`,
    index: name.replaceAll('_', '-'),
  };
  const config: PipelineConfig = loadConfig(undefined, {
    PROFILE_CDC_KAFKA_TOPIC_PREFIX: name,
    PROFILE_CDC_PG_PORT: process.env.PROFILE_CDC_PG_PORT,
  });
  config.kafka.deadLetterTopic = `${name}.dead-letter`;
  config.source.heartbeatMs = 500;
  const sample = readSample('prereg');
  let next = 0;
  /** Inserts `count` prereg rows (ids row-<n>) in one transaction; returns their ids. */
  const insert = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => `row-${String(++next).padStart(6, '0')}`);
    await client.query(
      `INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes)
       SELECT id, $2, 'prereg-service', now() AT TIME ZONE 'UTC' FROM unnest($1::text[]) AS id`,
      [ids, sample.text],
    );
    return ids;
  };
  return {
    name,
    url: db.url,
    client,
    connector,
    config,
    topic: `${name}.prereg.anonymous_profile`,
    insert,
    async confirmedFlushLsn(): Promise<string | null> {
      const { rows } = await client.query<{ lsn: string | null }>(
        'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
        [connector.slot],
      );
      return rows[0]?.lsn ?? null;
    },
    async close() {
      try {
        await dropSlotWhenReleased(
          async (sql, params) => (await client.query(sql, params)).rows,
          connector.slot,
        );
      } finally {
        // Always: an open client keeps the test file's process alive after a failure.
        await client.end();
        await db.drop();
      }
    },
  };
}
