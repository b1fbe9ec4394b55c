import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { stringify } from 'yaml';
import type { ChangeRecord } from '../../src/encode/change-record.ts';
import { parseLsn } from '../../src/encode/lsn.ts';
import { type RunningSource, startSource } from '../../src/source/run.ts';
import { sendSignal } from '../../src/source/snapshot/signal.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, startCli } from './support/child.ts';
import { sourceFixture } from './support/source-fixture.ts';
import { requireStack } from './support/stack.ts';
import { decodeValue, type Received, readTopic } from './support/topics.ts';

type Fixture = Awaited<ReturnType<typeof sourceFixture>>;
const cli = resolve(import.meta.dirname, '../../bin/profile-cdc.mjs');
const fixtures: Fixture[] = [];

before(async () => {
  await requireStack();
});
after(async () => {
  for (const fx of fixtures) await fx.close();
});

async function fixture(label: string, chunkRows = 500, readers = 3): Promise<Fixture> {
  const fx = await sourceFixture(label);
  fixtures.push(fx);
  fx.config.source.snapshotChunkRows = chunkRows;
  fx.config.source.snapshotReaders = readers;
  return fx;
}

type Latest = { op: string; version: bigint; crBy: string | null };

/** What Elasticsearch would hold: per row id, the record with the highest version (its WAL position). */
async function latestByVersion(messages: readonly Received[]): Promise<Map<string, Latest>> {
  const latest = new Map<string, Latest>();
  for (const m of messages) {
    if (m.value === null || m.key === null || m.headers.op === undefined) continue;
    const record = await decodeValue<ChangeRecord<unknown>>(m.value);
    const version = parseLsn(record.source.lsn);
    const known = latest.get(m.key);
    if (!known || version > known.version)
      latest.set(m.key, { op: record.op, version, crBy: record.row.cr_by });
  }
  return latest;
}

async function tableRows(fx: Fixture): Promise<Map<string, string>> {
  const { rows } = await fx.client.query<{ id: string; cr_by: string }>(
    'SELECT id, cr_by FROM prereg.anonymous_profile',
  );
  return new Map(rows.map((r) => [r.id, r.cr_by]));
}

/** Waits until Kafka holds every record the source published, and returns them all. */
async function everything(fx: Fixture, source: RunningSource): Promise<Received[]> {
  const stats = source.sources[0]?.stats;
  await waitFor(() => stats?.backlog === 0, { timeoutMs: 60_000, what: 'the source to publish its backlog' });
  return readTopic(fx.topic, (m) => m.length >= (stats?.published ?? 0), 120_000);
}

const jobDone = (source: RunningSource, reason?: string) =>
  waitFor(
    () =>
      source.sources[0]?.snapshots.jobs.some(
        (j) => j.status === 'done' && (reason === undefined || j.reason === reason),
      ),
    { timeoutMs: 180_000, intervalMs: 100, what: 'the snapshot job to finish' },
  );

/** Random updates, deletes and inserts in their own transactions until `stop()`; counts the changes. */
function writer(fx: Fixture, ids: string[]) {
  let stopping = false;
  let changes = 0;
  let n = 0;
  const db = new pg.Client({ connectionString: fx.url });
  const running = (async () => {
    await db.connect();
    while (!stopping) {
      const id = ids[Math.floor(Math.random() * ids.length)] as string;
      const roll = Math.random();
      n += 1;
      if (roll < 0.6) {
        const r = await db.query('UPDATE prereg.anonymous_profile SET cr_by = $2 WHERE id = $1', [
          id,
          `w${n}`,
        ]);
        changes += r.rowCount ?? 0;
      } else if (roll < 0.8) {
        const r = await db.query('DELETE FROM prereg.anonymous_profile WHERE id = $1', [id]);
        changes += r.rowCount ?? 0;
      } else {
        const fresh = `new-${String(n).padStart(6, '0')}`;
        await db.query(
          `INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes)
           SELECT $1, profile, $2, cr_dtimes FROM prereg.anonymous_profile LIMIT 1`,
          [fresh, `w${n}`],
        );
        ids.push(fresh);
        changes += 1;
      }
    }
    await db.end();
  })();
  return {
    async stop(): Promise<number> {
      stopping = true;
      await running;
      return changes;
    },
  };
}

/** The newest record of every row must be that row; no deleted row may live on. */
async function assertEqualToTable(fx: Fixture, source: RunningSource): Promise<void> {
  const latest = await latestByVersion(await everything(fx, source));
  const table = await tableRows(fx);
  const missing = [...table.keys()].filter((id) => !latest.has(id) || latest.get(id)?.op === 'd');
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} rows of the table have no live record`);
  const stale = [...table].filter(([id, crBy]) => latest.get(id)?.crBy !== crBy);
  assert.deepEqual(stale.slice(0, 5), [], `${stale.length} rows whose newest record is not the row`);
  const resurrected = [...latest].filter(([id, l]) => l.op !== 'd' && !table.has(id));
  assert.deepEqual(resurrected.slice(0, 5), [], `${resurrected.length} deleted rows live on`);
}

const streamed = (source: RunningSource, changes: number) =>
  waitFor(() => (source.sources[0]?.stats.changesRead ?? 0) >= changes, {
    timeoutMs: 60_000,
    what: () => `${changes} changes streamed (have ${source.sources[0]?.stats.changesRead})`,
  });

test('an online snapshot under concurrent inserts, updates and deletes ends equal to the table', {
  timeout: 300_000,
}, async () => {
  const fx = await fixture('it_snap_online');
  const ids = await fx.insert(20_000);
  const source = await startSource(fx.config, [fx.connector]);
  await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
    timeoutMs: 60_000,
    what: 'the stream',
  });
  const writes = writer(fx, [...ids]);
  try {
    await jobDone(source, 'initial');
    const changes = await writes.stop();
    assert.ok(changes > 50, `the writer made ${changes} changes during the snapshot`);
    await streamed(source, changes);
    await assertEqualToTable(fx, source);
  } finally {
    await writes.stop();
    await source.stop();
  }
});

test("a backfill while a transaction older than its chunks stays open: the transaction's writes win", {
  timeout: 300_000,
}, async () => {
  const fx = await fixture('it_snap_older');
  const ids = await fx.insert(5000);
  const source = await startSource(fx.config, [fx.connector]);
  const long = new pg.Client({ connectionString: fx.url });
  try {
    await jobDone(source, 'initial');
    await long.connect();
    await long.query('BEGIN');
    const touched = ids.filter((_, i) => i % 100 === 7);
    await long.query("UPDATE prereg.anonymous_profile SET cr_by = 'long' WHERE id = ANY($1)", [touched]);
    await sendSignal(fx.url, fx.connector, {
      action: 'backfill',
      connector: fx.connector.name,
      id: 'while-open',
      where: null,
      chunkRows: 200,
    });
    await waitFor(() => source.sources[0]?.stats.snapshot.job === 'while-open', {
      timeoutMs: 30_000,
      what: 'the backfill to start',
    });
    const job = () => source.sources[0]?.snapshots.jobs.find((j) => j.id === 'while-open');
    // Chunks wait for the older transaction: none finishes while it is open.
    await assert.rejects(waitFor(() => (job()?.chunksDone ?? 0) > 0, { timeoutMs: 1500, what: 'a chunk' }));
    await long.query('COMMIT');
    await jobDone(source, 'backfill');
    await streamed(source, touched.length);
    await assertEqualToTable(fx, source);
  } finally {
    await long.end().catch(() => undefined);
    await source.stop();
  }
});

test('kill -9 halfway through a chunked snapshot: the restart reads only the chunks not yet in Kafka', {
  timeout: 300_000,
}, async () => {
  const chunkRows = 500;
  const readers = 2;
  const fx = await fixture('it_snap_resume', chunkRows, readers);
  const total = 40_000;
  const ids = await fx.insert(total);
  const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
  writeFileSync(join(dir, `${fx.connector.name}.yaml`), stringify(fx.connector));
  const env = {
    PROFILE_CDC_CONNECTORS_DIR: dir,
    PROFILE_CDC_KAFKA_TOPIC_PREFIX: fx.config.kafka.topicPrefix,
    PROFILE_CDC_DEAD_LETTER_TOPIC: fx.config.kafka.deadLetterTopic,
    PROFILE_CDC_METRICS_PORT: '0',
    PROFILE_CDC_SNAPSHOT_CHUNK_ROWS: String(chunkRows),
    PROFILE_CDC_SNAPSHOT_READERS: String(readers),
  };
  const logFile = join(dir, 'source.log');
  const child = startCli(['source'], env, logFile);
  await waitFor(() => readFileSync(logFile, 'utf8').includes('snapshot started'), {
    timeoutMs: 60_000,
    what: 'the child to start its snapshot',
  });
  const snapshotRows = (m: readonly Received[]) => m.filter((x) => x.headers.op === 'r').length;
  await readTopic(fx.topic, (m) => snapshotRows(m) >= total / 2, 120_000);
  child.kill('SIGKILL');
  await exited(child);

  const source = await startSource(fx.config, [fx.connector]);
  try {
    const resumed = source.sources[0]?.snapshots.jobs.find((j) => j.status === 'running');
    assert.ok(resumed, 'the interrupted job is resumed');
    const doneBefore = resumed.rowsRead;
    assert.ok(doneBefore > 0 && doneBefore < total, `${doneBefore} rows were recorded done before the kill`);
    await jobDone(source, 'initial');
    const readAgain = source.sources[0]?.stats.snapshot.rowsReadHere ?? 0;
    assert.equal(readAgain, total - doneBefore, 'the restart read exactly the rows of unfinished chunks');
    const seen = (m: readonly Received[]) => new Set(m.filter((x) => x.headers.op === 'r').map((x) => x.key));
    const messages = await readTopic(fx.topic, (m) => seen(m).size >= total, 120_000);
    const keys = seen(messages);
    assert.equal(ids.filter((id) => !keys.has(id)).length, 0, 'every row is in Kafka');
    const twice = snapshotRows(messages) - total;
    assert.ok(twice <= readers * chunkRows, `${twice} rows published twice (chunks in flight at the kill)`);
    process.stdout.write(
      `# resume: ${doneBefore} rows done before kill -9, ${readAgain} read after, ${twice} published twice\n`,
    );
  } finally {
    await source.stop();
  }
});

test('a backfill --where while rows stream: only the matching rows are read again, and it can be followed', {
  timeout: 180_000,
}, async () => {
  const fx = await fixture('it_snap_backfill');
  const ids = await fx.insert(3000);
  await fx.client.query("UPDATE prereg.anonymous_profile SET cr_by = 'pick' WHERE id = ANY($1)", [
    ids.filter((_, i) => i % 10 === 3),
  ]);
  const source = await startSource(fx.config, [fx.connector]);
  let writes: ReturnType<typeof writer> | undefined;
  try {
    await jobDone(source, 'initial');
    writes = writer(
      fx,
      ids.filter((_, i) => i % 10 !== 3),
    );
    const url = fx.url;
    const where = "cr_by = 'pick'";
    await assert.rejects(
      sendSignal(url, fx.connector, {
        action: 'backfill',
        connector: fx.connector.name,
        id: 'bad',
        where: 'no_such_column = 1',
        chunkRows: null,
      }),
      /--where: column "no_such_column" does not exist/,
    );
    await sendSignal(url, fx.connector, {
      action: 'backfill',
      connector: fx.connector.name,
      id: 'b1',
      where,
      chunkRows: 100,
    });
    await jobDone(source, 'backfill');
    await writes?.stop();
    writes = undefined;
    const job = source.sources[0]?.snapshots.jobs.find((j) => j.id === 'b1');
    assert.equal(job?.rowsRead, 300);
    const messages = await everything(fx, source);
    const picked = new Set(ids.filter((_, i) => i % 10 === 3));
    const snapshotCounts = new Map<string, number>();
    for (const m of messages)
      if (m.headers.op === 'r')
        snapshotCounts.set(m.key as string, (snapshotCounts.get(m.key as string) ?? 0) + 1);
    for (const id of picked)
      assert.equal(snapshotCounts.get(id), 2, `${id}: the initial snapshot, then the backfill`);
    const others = [...snapshotCounts].filter(([id, n]) => !picked.has(id) && n > 1);
    assert.deepEqual(others, [], 'rows not matching --where are not read again');
    assert.deepEqual(
      source.sources[0]?.snapshots.jobs.map((j) => [j.reason, j.status]),
      [
        ['initial', 'done'],
        ['backfill', 'done'],
      ],
    );
  } finally {
    await writes?.stop();
    await source.stop();
  }
});

test('a slot dropped by hand in the middle of its snapshot: the source creates it again and reads the table again, no row missing', {
  timeout: 180_000,
}, async () => {
  const fx = await fixture('it_snap_slot', 500, 2);
  await fx.insert(30_000);
  const source = await startSource(fx.config, [fx.connector]);
  try {
    await waitFor(() => (source.sources[0]?.stats.snapshot.chunksDone ?? 0) > 0, {
      timeoutMs: 60_000,
      intervalMs: 10,
      what: 'the first chunk of the initial snapshot',
    });
    await waitFor(
      async () => {
        await fx.client.query(
          'SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active',
          [fx.connector.slot],
        );
        try {
          await fx.client.query('SELECT pg_drop_replication_slot($1)', [fx.connector.slot]);
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 30_000, intervalMs: 20, what: 'the slot to be dropped' },
    );
    // Rows written while no slot exists: no stream will ever carry them.
    const unseen = await fx.insert(500);
    await jobDone(source, 'slot-recreated');
    assert.equal(source.sources[0]?.stats.slotsRecreated, 1);
    assert.deepEqual(
      source.sources[0]?.snapshots.jobs.map((j) => [j.reason, j.status]),
      [
        ['initial', 'cancelled'],
        ['slot-recreated', 'done'],
      ],
    );
    const messages = await everything(fx, source);
    const keys = new Set(messages.map((m) => m.key));
    assert.equal(unseen.filter((id) => !keys.has(id)).length, 0, 'rows written without a slot are in Kafka');
    const table = await tableRows(fx);
    assert.equal([...table.keys()].filter((id) => !keys.has(id)).length, 0);
  } finally {
    await source.stop();
  }
});

test('backfill --cancel from the command line: the running job stops after the chunk in hand and is saved as cancelled', {
  timeout: 180_000,
}, async () => {
  const fx = await fixture('it_snap_cancel', 500, 1);
  await fx.insert(20_000);
  const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
  writeFileSync(join(dir, `${fx.connector.name}.yaml`), stringify(fx.connector));
  const env = {
    ...process.env,
    PROFILE_CDC_CONNECTORS_DIR: dir,
    PROFILE_CDC_KAFKA_TOPIC_PREFIX: fx.config.kafka.topicPrefix,
    PROFILE_CDC_DEAD_LETTER_TOPIC: fx.config.kafka.deadLetterTopic,
  };
  const source = await startSource(fx.config, [fx.connector]);
  try {
    await jobDone(source, 'initial');
    await sendSignal(fx.url, fx.connector, {
      action: 'backfill',
      connector: fx.connector.name,
      id: 'slow',
      where: null,
      chunkRows: 50,
    });
    const job = () => source.sources[0]?.snapshots.jobs.find((j) => j.id === 'slow');
    await waitFor(() => (job()?.rowsRead ?? 0) > 0, {
      timeoutMs: 60_000,
      what: 'the backfill to read a chunk',
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'backfill', '--connector', fx.connector.name, '--cancel', 'slow'],
      { env },
    );
    const m = /slow cancelled after (\d+) of (\d+) rows/.exec(stdout);
    assert.ok(m, stdout);
    assert.ok(Number(m[1]) < 20_000, `stopped early: ${stdout}`);
    assert.equal(job()?.status, 'cancelled');
  } finally {
    await source.stop();
  }
});
