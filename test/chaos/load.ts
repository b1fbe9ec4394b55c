import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { Connector } from '../../src/connectors/connector.ts';
import { createRowSource } from '../../src/dev/generate/row-source.ts';
import type { GeneratorTable, RowSource, SourceRow } from '../../src/dev/generate/source-row.ts';
import { liveClock } from '../../src/dev/generate/time.ts';
import { malformedKinds, withPersonalFields } from './malformed.ts';

/** What the load did to one table, as the database confirmed it. */
export type TableLoad = {
  inserted: number;
  updated: number;
  softDeleted: number;
  hardDeleted: string[];
  malformed: Map<string, string>;
  withPersonalFields: number;
  /** Writes that failed (server down) and were retried until they landed. */
  retried: number;
};

export type LoadOptions = {
  rowsPerSecond: number;
  /** Of every 100 writes: updates, soft deletes, hard deletes, malformed rows, rows with personal fields. */
  mix: { update: number; softDelete: number; hardDelete: number; malformed: number; personal: number };
  /** Malformed rows to write in all (spread over the run, every kind in turn). */
  malformedTotal: number;
};

/** One connection, opened again whenever the server went away (a fault under test). */
class Writer {
  private client: pg.Client | undefined;

  constructor(
    private readonly url: string,
    private readonly onRetry: () => void,
  ) {}

  /** Runs one statement, retrying until it lands. */
  async run(sql: string, params: unknown[]): Promise<void> {
    for (;;) {
      try {
        if (!this.client) {
          const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2000 });
          client.on('error', () => undefined);
          await client.connect();
          this.client = client;
        }
        await this.client.query(sql, params);
        return;
      } catch (err) {
        if ((err as { code?: string }).code === '23505') return; // a retried insert had landed before the break
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
        this.onRetry();
        await delay(250);
      }
    }
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
  }
}

/**
 * Steady writes into one table: realistic rows from the generator, updates (upd_by names the update, so a
 * stale document shows), soft and hard deletes of earlier rows, malformed rows of every kind, and rows
 * carrying personal fields. Every write is retried until the database confirms it.
 */
export class TableLoader {
  readonly load: TableLoad = {
    inserted: 0,
    updated: 0,
    softDeleted: 0,
    hardDeleted: [],
    malformed: new Map(),
    withPersonalFields: 0,
    retried: 0,
  };
  private readonly rows: RowSource;
  private readonly ids: string[] = [];
  private readonly writer: Writer;
  private stopped = false;
  private running: Promise<void> | undefined;
  private writes = 0;
  private malformedWritten = 0;

  constructor(
    private readonly connector: Connector,
    private readonly table: GeneratorTable,
    private readonly url: string,
    private readonly options: LoadOptions,
    seed: string,
  ) {
    this.rows = createRowSource(table, { seed: `${seed}-${table}`, clock: liveClock });
    this.writer = new Writer(url, () => {
      this.load.retried += 1;
    });
  }

  /** Knows the rows already in the table (seeded in bulk before the pipeline starts), to update and delete them. */
  async adopt(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      const c = this.connector;
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${c.schema}.${c.table}`);
      for (const { id } of rows) this.ids.push(id);
    } finally {
      await client.end();
    }
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    await this.writer.close();
  }

  private async loop(): Promise<void> {
    const interval = 1000 / this.options.rowsPerSecond;
    let next = Date.now();
    while (!this.stopped) {
      await this.writeOne();
      next += interval;
      const wait = next - Date.now();
      if (wait > 0) await delay(wait);
      else next = Date.now(); // fell behind (a fault): no burst to catch up
    }
  }

  private async writeOne(): Promise<void> {
    const { mix } = this.options;
    const roll = this.writes++ % 100;
    let edge = mix.update;
    if (roll < edge && this.ids.length > 10) return this.update();
    edge += mix.softDelete;
    if (roll < edge && this.ids.length > 10) return this.softDelete();
    edge += mix.hardDelete;
    if (roll < edge && this.ids.length > 10) return this.hardDelete();
    edge += mix.malformed;
    const row = this.rows.next();
    if (roll < edge && this.malformedWritten < this.options.malformedTotal) {
      const kind = malformedKinds[this.malformedWritten++ % malformedKinds.length]!;
      this.load.malformed.set(row.id, kind.name);
      return this.insert(row, kind.profile(JSON.parse(row.profile) as Record<string, unknown>, this.table));
    }
    edge += mix.personal;
    if (roll < edge) {
      this.load.withPersonalFields += 1;
      return this.insert(
        row,
        withPersonalFields(JSON.parse(row.profile) as Record<string, unknown>, this.writes),
      );
    }
    return this.insert(row, row.profile);
  }

  private pick(): string {
    return this.ids[Math.floor(Math.random() * this.ids.length)] as string;
  }

  private async insert(row: SourceRow, profile: string): Promise<void> {
    const c = this.connector;
    const stage = this.table === 'regprc';
    const columns = `id, ${stage ? 'process_stage, ' : ''}profile, cr_by, cr_dtimes, is_deleted`;
    const values = stage
      ? [row.id, row.processStage ?? null, profile, row.crBy, row.crDtimes, row.isDeleted]
      : [row.id, profile, row.crBy, row.crDtimes, row.isDeleted];
    const marks = values.map((_, i) => `$${i + 1}`).join(', ');
    await this.writer.run(`INSERT INTO ${c.schema}.${c.table} (${columns}) VALUES (${marks})`, values);
    this.ids.push(row.id);
    this.load.inserted += 1;
  }

  private async update(): Promise<void> {
    const c = this.connector;
    const sql = `UPDATE ${c.schema}.${c.table} SET upd_by = $2, upd_dtimes = now() WHERE id = $1 AND is_deleted IS NOT TRUE`;
    await this.writer.run(sql, [this.pick(), `chaos-update-${this.writes}`]);
    this.load.updated += 1;
  }

  private async softDelete(): Promise<void> {
    const c = this.connector;
    const sql = `UPDATE ${c.schema}.${c.table} SET is_deleted = true, del_dtimes = now() WHERE id = $1`;
    await this.writer.run(sql, [this.pick()]);
    this.load.softDeleted += 1;
  }

  private async hardDelete(): Promise<void> {
    const c = this.connector;
    const id = this.ids.splice(Math.floor(Math.random() * this.ids.length), 1)[0] as string;
    await this.writer.run(`DELETE FROM ${c.schema}.${c.table} WHERE id = $1`, [id]);
    this.load.hardDeleted.push(id);
  }
}
