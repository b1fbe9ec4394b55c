import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { loadConfig, type PipelineConfig } from '../../../src/config/pipeline.ts';
import type { Connector, MasterConnector } from '../../../src/connectors/connector.ts';
import { loadConnectors, loadMasterConnectors } from '../../../src/connectors/load.ts';
import { ddlByDatabase } from '../../../src/dev/fixture/schema.ts';
import { generateRows } from '../../../src/dev/generate/generate-rows.ts';
import { writeMasterData } from '../../../src/dev/generate/master.ts';
import { startSink } from '../../../src/sink/run.ts';
import { startSource } from '../../../src/source/run.ts';
import { waitFor } from '../../../src/util/wait.ts';
import { dropSlotWhenReleased, elasticsearch, pgUrl, scratchDatabase, uniqueName } from './stack.ts';

/**
 * The four MOSIP connectors, each on a scratch database with its own slot, publication, index and topic
 * prefix: a test sees only its own rows, and leaves nothing behind. Connector names stay prereg, regprc,
 * idrepo and ida (the generator's tables). With `masterData`, the master-data connectors too, on a scratch
 * mosip_master holding the generated country's master data.
 */
export async function pipelineFixture(label: string, options: { masterData?: boolean } = {}) {
  const name = uniqueName(label);
  const ddl = ddlByDatabase();
  const connectors: Connector[] = [];
  const drops: (() => Promise<void>)[] = [];
  for (const real of loadConnectors()) {
    const database = `${name}_${real.name}`;
    const db = await scratchDatabase(database);
    drops.push(db.drop);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(ddl.get(real.database) as string);
    await client.end();
    connectors.push({
      ...real,
      database,
      slot: `${database}_slot`,
      publication: `${database}_pub`,
      index: `${name}-${real.name}`.replaceAll('_', '-'),
    });
  }
  const masters: MasterConnector[] = [];
  if (options.masterData) {
    const database = `${name}_master`;
    const db = await scratchDatabase(database);
    drops.push(db.drop);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(ddl.get('mosip_master') as string);
    await client.end();
    await writeMasterData(db.url);
    for (const real of loadMasterConnectors())
      masters.push({
        ...real,
        database,
        slot: `${name}_${real.table}`,
        publication: `${name}_${real.table}_pub`,
      });
  }
  const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
  for (const c of [...connectors, ...masters]) writeFileSync(join(dir, `${c.name}.yaml`), stringify(c));
  const env = {
    PROFILE_CDC_CONNECTORS_DIR: dir,
    PROFILE_CDC_KAFKA_TOPIC_PREFIX: name,
    PROFILE_CDC_SINK_GROUP_ID: `${name}-sink`,
    PROFILE_CDC_DEAD_LETTER_TOPIC: `${name}.dead-letter`,
    PROFILE_CDC_HEARTBEAT_MS: '500',
    PROFILE_CDC_METRICS_PORT: '0',
  };
  const config: PipelineConfig = loadConfig(undefined, { ...process.env, ...env });
  const es = elasticsearch();

  async function query<T extends pg.QueryResultRow>(
    c: Pick<Connector, 'database'>,
    sql: string,
    params: unknown[] = [],
  ) {
    const client = new pg.Client({ connectionString: pgUrl(c.database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async function tableCount(c: Connector): Promise<number> {
    const rows = await query<{ n: string }>(c, `SELECT count(*) AS n FROM ${c.schema}.${c.table}`);
    return Number(rows[0]?.n);
  }

  async function allIndexed(timeoutMs = 120_000): Promise<void> {
    for (const c of connectors) {
      const expected = await tableCount(c);
      await waitFor(async () => (await indexCount(c)) === expected, {
        timeoutMs,
        intervalMs: 1000,
        what: `${c.index} to hold ${expected} documents`,
      });
    }
  }

  const generate = (rows: number, seed: string) =>
    Promise.all(
      connectors.map((connector) => generateRows({ connector, url: pgUrl(connector.database), rows, seed })),
    );

  async function indexCount(c: Connector): Promise<number> {
    await es.indices.refresh({ index: c.index });
    return (await es.count({ index: c.index })).count;
  }

  return {
    name,
    connectors,
    /** The master-data connectors (with `masterData`). */
    masters,
    connector: (n: string) => connectors.find((c) => c.name === n) as Connector,
    config,
    env,
    es,
    query,
    tableCount,
    indexCount,
    /** Inserts `rows` generated rows into each of the four tables. */
    generate,
    /**
     * Fills the indices through the real pipeline: `before` rows per table for the snapshot, then `during`
     * rows while it streams; resolves once every row is indexed, with the sink's dead-letter count.
     */
    async fillThroughPipeline(
      before: number,
      during: number,
      seed: string,
    ): Promise<{ deadLettered: number }> {
      await generate(before, `${seed}-snapshot`);
      const source = await startSource(config, [...connectors, ...masters]);
      const sink = await startSink(config, connectors, {}, masters);
      try {
        await generate(during, `${seed}-stream`);
        await allIndexed();
        return { deadLettered: sink.stats.deadLettered };
      } finally {
        await source.stop();
        await sink.stop();
      }
    },
    /** Waits until every index holds as many documents as its table has rows. */
    allIndexed,
    async close() {
      for (const c of [...connectors, ...masters]) {
        await dropSlotWhenReleased((sql, params) => query(c, sql, params), c.slot).catch(() => undefined);
      }
      for (const drop of drops) await drop();
      await es.indices
        .delete({ index: `${name.replaceAll('_', '-')}-*`, ignore_unavailable: true })
        .catch(() => undefined);
      await es.close();
    },
  };
}
