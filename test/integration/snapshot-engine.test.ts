import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import type { Lsn } from '../../src/encode/lsn.ts';
import type { Row } from '../../src/source/row.ts';
import { SnapshotEngine, type SnapshotPort } from '../../src/source/snapshot/engine.ts';
import { newJob, type SnapshotRecord } from '../../src/source/snapshot/job.ts';
import { waitFor } from '../../src/util/wait.ts';
import { sourceFixture } from './support/source-fixture.ts';
import { requireStack } from './support/stack.ts';

type Fixture = Awaited<ReturnType<typeof sourceFixture>>;
type Message = { prefix: string; content: string };

let fx: Fixture;
const slots: string[] = [];
before(async () => {
  await requireStack();
  fx = await sourceFixture('it_snap_engine');
});
after(async () => {
  for (const slot of slots)
    await fx?.client.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
  await fx?.close();
});

const encoder = new TextEncoder();

function snapshotEngine(
  record: SnapshotRecord,
  saved: SnapshotRecord[],
  chunkRows: number,
  olderTransactionsMs?: number,
): SnapshotEngine {
  return new SnapshotEngine({
    connector: fx.connector,
    url: fx.url,
    record,
    save: async (r) => {
      saved.push(structuredClone(r));
    },
    options: {
      readers: 1,
      chunkRows,
      maxBuffered: 10_000,
      ...(olderTransactionsMs ? { olderTransactionsMs } : {}),
    },
    log: pino({ level: 'silent' }),
  });
}

/** A test_decoding slot on the fixture's database, dropped after the file. */
async function decodingSlot(label: string): Promise<string> {
  const slot = `${fx.name}_${label}`;
  await fx.client.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding')", [slot]);
  slots.push(slot);
  return slot;
}

/**
 * A stand-in for the replication stream: the logical messages of the database's WAL, read with
 * test_decoding and handed to the engine in WAL order; `before(m)` may slip other messages in first.
 */
function messageStream(slot: string, deliver: (m: Message) => void, before?: (m: Message) => Message[]) {
  const db = new pg.Client({ connectionString: fx.url });
  const seen: Message[] = [];
  let stopping = false;
  const loop = (async () => {
    await db.connect();
    while (!stopping) {
      const { rows } = await db.query<{ data: string }>(
        'SELECT data FROM pg_logical_slot_get_changes($1, NULL, NULL)',
        [slot],
      );
      for (const { data } of rows) {
        const m = /^message: transactional: \d prefix: (.*), sz: \d+ content:(.*)$/s.exec(data);
        if (!m) continue;
        const message = { prefix: m[1] as string, content: m[2] as string };
        for (const extra of before?.(message) ?? []) deliver(extra);
        seen.push(message);
        deliver(message);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    seen,
    async stop() {
      stopping = true;
      await loop.catch(() => undefined);
      await db.end();
    },
  };
}

/**
 * A port that keeps what the engine publishes. Kafka acknowledges the first `acks` batches at once and
 * the others never, until `crash()` ends the wait (the process died before Kafka answered).
 */
function collectingPort(published: Row[], acks = Number.POSITIVE_INFINITY) {
  let seq = 0;
  let crash: (err: Error) => void = () => undefined;
  const crashed = new Promise<never>((_, reject) => {
    crash = reject;
  });
  crashed.catch(() => undefined);
  const port: SnapshotPort = {
    publish(rows: readonly Row[], _lsn: Lsn) {
      published.push(...rows);
      return ++seq;
    },
    published: async (n) => (n <= acks ? undefined : crashed),
    backlog: () => 0,
  };
  return { port, crash: () => crash(new Error('killed')) };
}

test("after a crash, the stream replays the last process's watermarks: none of them closes a window of the new process", {
  timeout: 120_000,
}, async () => {
  const total = 1500;
  const chunkRows = 500;
  const ids = await fx.insert(total);
  const slot = await decodingSlot('replay');
  const engine = (record: SnapshotRecord, saved: SnapshotRecord[]) =>
    snapshotEngine(record, saved, chunkRows);

  // The first process reads one chunk, then dies waiting for Kafka to take the second; its watermarks stay in the WAL the slot replays.
  const firstSaves: SnapshotRecord[] = [];
  const first = engine({ connector: fx.connector.name, jobs: [] }, firstSaves);
  const firstRows: Row[] = [];
  const firstStream = messageStream(slot, (m) => first.message(m.prefix, encoder.encode(m.content)));
  const firstPort = collectingPort(firstRows, 1);
  first.attach(firstPort.port);
  await first.request(newJob('initial-0/1', 'initial', null, chunkRows));
  await waitFor(() => (firstSaves.at(-1)?.jobs[0]?.chunksDone ?? 0) >= 1, {
    timeoutMs: 30_000,
    what: 'the first chunk to be saved',
  });
  await waitFor(() => firstRows.length > chunkRows, { timeoutMs: 30_000, what: 'a second chunk' });
  firstPort.crash();
  await first.stop();
  await firstStream.stop();
  const lastProcess = firstStream.seen.filter((m) => m.prefix === 'profile-cdc.watermark');
  assert.ok(lastProcess.length >= 2, 'the first process wrote a low and a high watermark');
  const resumeFrom = structuredClone(firstSaves.findLast((r) => r.jobs[0]?.status === 'running'));
  assert.ok(resumeFrom);
  const doneBefore = resumeFrom.jobs[0]?.rowsRead ?? 0;

  // The second process resumes. The table is locked, so its first chunk waits between its watermarks
  // while the stream replays the first process's watermarks (as a slot does after kill -9).
  const locker = new pg.Client({ connectionString: fx.url });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE prereg.anonymous_profile IN ACCESS EXCLUSIVE MODE');
  let replayed = false;
  const secondRows: Row[] = [];
  const second = engine(resumeFrom, []);
  const secondStream = messageStream(
    slot,
    (m) => second.message(m.prefix, encoder.encode(m.content)),
    (m) => {
      if (replayed || m.prefix !== 'profile-cdc.watermark') return [];
      replayed = true;
      // The old watermarks are delivered right after this returns, synchronously: the lock goes after them.
      setImmediate(() => void locker.query('COMMIT'));
      return lastProcess;
    },
  );
  try {
    second.attach(collectingPort(secondRows).port);
    second.kick();
    await waitFor(() => second.record.jobs[0]?.status === 'done', {
      timeoutMs: 60_000,
      what: 'the resumed job to finish',
    });
    assert.ok(replayed, 'the old watermarks were replayed inside a window of the new process');
    // What Kafka holds: the first process's acknowledged chunk and all the second one published.
    const published = new Set([...firstRows.slice(0, doneBefore), ...secondRows].map((r) => String(r.id)));
    const missing = ids.filter((id) => !published.has(id));
    assert.deepEqual(missing.length, 0, `${missing.length} rows counted as read but never published`);
    assert.equal(second.record.jobs[0]?.rowsRead, total);
    assert.equal(doneBefore, chunkRows, 'the first process saved one chunk');
    assert.equal(secondRows.length, total - doneBefore);
  } finally {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
    await second.stop();
    await secondStream.stop();
  }
});

test('a chunk held up by an older transaction that stays open says so (which session, since when) until it ends', {
  timeout: 120_000,
}, async () => {
  await fx.client.query('TRUNCATE prereg.anonymous_profile');
  const ids = await fx.insert(300);
  const slot = await decodingSlot('older');
  // A session that wrote to the table and then sat idle in its transaction, begun before the snapshot.
  const idle = new pg.Client({ connectionString: fx.url });
  await idle.connect();
  const { rows } = await idle.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]?.pid;
  await idle.query('BEGIN');
  await idle.query("UPDATE prereg.anonymous_profile SET cr_by = 'held' WHERE id = $1", [ids[0]]);
  const published: Row[] = [];
  const engine = snapshotEngine({ connector: fx.connector.name, jobs: [] }, [], 500, 300);
  const stream = messageStream(slot, (m) => engine.message(m.prefix, encoder.encode(m.content)));
  try {
    engine.attach(collectingPort(published).port);
    await engine.request(newJob('backfill-older', 'backfill', null, 500));
    await waitFor(() => engine.progress.blocked !== null, {
      timeoutMs: 30_000,
      what: 'the chunk to say it is held',
    });
    const blocked = engine.progress.blocked;
    assert.match(blocked?.reason ?? '', new RegExp(`pid ${pid} \\(idle in transaction`));
    assert.match(blocked?.reason ?? '', /pg_terminate_backend/);
    assert.equal(published.length, 0, 'nothing of the held chunk is published');
    await idle.query('COMMIT');
    await waitFor(() => engine.record.jobs[0]?.status === 'done', {
      timeoutMs: 60_000,
      what: 'the job to finish',
    });
    assert.equal(engine.progress.blocked, null, 'no longer held once the transaction ended');
    assert.equal(published.length, 300);
  } finally {
    await idle.query('ROLLBACK').catch(() => undefined);
    await idle.end();
    await engine.stop();
    await stream.stop();
  }
});
