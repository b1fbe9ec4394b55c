import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChangeRecord, DeadLetter } from '../../src/encode/change-record.ts';
import { parseLsn } from '../../src/encode/lsn.ts';
import type { RegistrationProfile } from '../../src/kinds/registration/profile.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { sourceFixture } from './support/source-fixture.ts';
import { requireStack } from './support/stack.ts';
import { decodeValue, readTopic } from './support/topics.ts';

let fx: Awaited<ReturnType<typeof sourceFixture>>;

before(async () => {
  await requireStack();
  fx = await sourceFixture('it_source');
});
after(async () => fx?.close());

test('snapshot then stream: every row once, updates, deletes with tombstones, bad rows to the dead-letter topic', {
  timeout: 120_000,
}, async () => {
  const before = await fx.insert(300);
  const source = await startSource(fx.config, [fx.connector]);
  try {
    // Rows written while the snapshot runs may travel twice (as a change and as a snapshot copy, both
    // versioned): this test counts records exactly, so it writes once the snapshot is done.
    await waitFor(() => source.sources[0]?.snapshots.jobs.some((j) => j.status === 'done'), {
      timeoutMs: 30_000,
      what: 'the snapshot',
    });
    const streamed = [...(await fx.insert(1)), ...(await fx.insert(250))];
    await fx.client.query("UPDATE prereg.anonymous_profile SET is_deleted = true WHERE id = 'row-000001'");
    await fx.client.query("DELETE FROM prereg.anonymous_profile WHERE id = 'row-000002'");
    await fx.client.query(
      "INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ('bad-1', '{not json', 'x', now())",
    );

    const total = before.length + streamed.length + 1 /* update */ + 2; /* delete event + tombstone */
    const messages = await readTopic(fx.topic, (m) => m.length >= total);
    assert.equal(messages.length, total, 'nothing twice');

    const ops = new Map<string, string[]>();
    for (const m of messages)
      ops.set(m.key as string, [...(ops.get(m.key as string) ?? []), m.headers.op ?? '?']);
    for (const id of before.slice(2)) assert.deepEqual(ops.get(id), ['r'], `${id} snapshot once`);
    for (const id of streamed) assert.deepEqual(ops.get(id), ['c'], `${id} streamed once`);
    assert.deepEqual(ops.get('row-000001'), ['r', 'u']);
    assert.deepEqual(ops.get('row-000002'), ['r', 'd', 'd']);

    const tombstones = messages.filter((m) => m.value === null);
    assert.deepEqual(
      tombstones.map((m) => m.key),
      ['row-000002'],
    );
    const created = messages.find((m) => m.key === streamed[0]);
    const record = await decodeValue<ChangeRecord<RegistrationProfile>>(created?.value as Buffer);
    assert.equal(record.op, 'c');
    assert.equal(record.source.connector, fx.connector.name);
    assert.ok(parseLsn(record.source.lsn) > 0n);
    assert.ok(record.source.txId);
    const committed = Date.parse(record.source.commitTime ?? '');
    assert.ok(Math.abs(Date.now() - committed) < 60_000, `commit time ${record.source.commitTime} is now`);
    assert.equal(record.row.cr_by, 'prereg-service');
    assert.equal(record.profile?.registrationCenterId, '10011');
    assert.deepEqual(record.profile?.preferredLanguages, ['fra']);

    const dead = await readTopic(fx.config.kafka.deadLetterTopic, (m) => m.length >= 1);
    const letter = await decodeValue<DeadLetter>(dead[0]?.value as Buffer);
    assert.equal(letter.rowId, 'bad-1');
    assert.equal(letter.raw, '{not json');
    assert.match(letter.reason, /JSON/i);
    assert.equal(source.sources[0]?.stats.deadLettered, 1);

    // Confirmed only after Kafka took it all: the slot's position reaches the last change.
    const { rows } = await fx.client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const end = parseLsn(rows[0]?.lsn as string);
    await waitFor(async () => parseLsn((await fx.confirmedFlushLsn()) ?? '0/0') >= end, {
      timeoutMs: 20_000,
      what: 'the slot to confirm the last change',
    });
  } finally {
    await source.stop();
  }
});

test('snapshot modes: never skips existing rows; initial_only publishes them and stops', {
  timeout: 120_000,
}, async () => {
  const never = await sourceFixture('it_never');
  const only = await sourceFixture('it_only');
  try {
    await never.insert(50);
    never.config.source.snapshot = 'never';
    const streaming = await startSource(never.config, [never.connector]);
    try {
      await waitFor(() => streaming.sources[0]?.stats.state === 'streaming', {
        timeoutMs: 30_000,
        what: 'streaming',
      });
      const later = await never.insert(10);
      const messages = await readTopic(never.topic, (m) => m.length >= 10);
      assert.deepEqual(messages.map((m) => m.key).sort(), later);
      assert.equal(streaming.sources[0]?.stats.snapshot.rowsRead, 0);
    } finally {
      await streaming.stop();
    }

    await only.insert(40);
    only.config.source.snapshot = 'initial_only';
    const snapshot = await startSource(only.config, [only.connector]);
    await snapshot.done;
    await snapshot.stop();
    assert.equal(snapshot.sources[0]?.stats.state, 'stopped');
    const messages = await readTopic(only.topic, (m) => m.length >= 40);
    assert.equal(messages.length, 40);
    assert.ok(messages.every((m) => m.headers.op === 'r'));
    assert.equal(await only.confirmedFlushLsn(), null, 'no slot left behind to hold WAL');
  } finally {
    await never.close();
    await only.close();
  }
});

test('source.slotFailover: the slot is created with failover on PostgreSQL 17+, and without it before', {
  timeout: 60_000,
}, async () => {
  const fx = await sourceFixture('it_failover');
  try {
    const { rows } = await fx.client.query<{ v: string }>('SHOW server_version_num');
    const major = Math.floor(Number(rows[0]?.v) / 10_000);
    fx.config.source.snapshot = 'never';
    fx.config.source.slotFailover = true;
    const source = await startSource(fx.config, [fx.connector]);
    try {
      await waitFor(() => source.sources[0]?.stats.state === 'streaming', {
        timeoutMs: 30_000,
        what: 'streaming',
      });
    } finally {
      await source.stop();
    }
    const column = major >= 17 ? 'failover' : 'false AS failover';
    const { rows: slots } = await fx.client.query<{ failover: boolean }>(
      `SELECT ${column} FROM pg_replication_slots WHERE slot_name = $1`,
      [fx.connector.slot],
    );
    assert.equal(slots[0]?.failover, major >= 17, `PostgreSQL ${major}`);
  } finally {
    await fx.close();
  }
});
