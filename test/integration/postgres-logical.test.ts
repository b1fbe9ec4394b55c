import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { LogicalReplicationService, type Pgoutput, PgoutputPlugin } from 'pg-logical-replication';
import { pgClient } from '../../src/util/pg-client.ts';
import { waitFor } from '../../src/util/wait.ts';
import { requireStack, scratchDatabase, uniqueName } from './support/stack.ts';

let db: Awaited<ReturnType<typeof scratchDatabase>>;

before(async () => {
  await requireStack();
  db = await scratchDatabase(uniqueName('it_logical'));
});
after(async () => db?.drop());

test('a pgoutput slot streams an INSERT with its column values and commit', async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    'CREATE TABLE t (id varchar(36) PRIMARY KEY, profile varchar NOT NULL, cr_dtimes timestamp)',
  );
  await client.query('CREATE PUBLICATION it_pub FOR TABLE t');
  await client.query("SELECT pg_create_logical_replication_slot('it_slot', 'pgoutput')");

  const service = new LogicalReplicationService(
    { connectionString: db.url },
    { acknowledge: { auto: false, timeoutSeconds: 0 } },
  );
  const seen: Pgoutput.Message[] = [];
  service.on('data', (_lsn: string, message: Pgoutput.Message) => {
    seen.push(message);
  });
  service.on('error', () => undefined);
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['it_pub'] });
  const streaming = service.subscribe(plugin, 'it_slot').catch(() => undefined);

  await client.query(
    "INSERT INTO t VALUES ('5b1e7f0a-3c2d-4e8f-9a61-0d2c4b7e8f13', '{\"gender\":\"Female\"}', '2026-03-14 09:21:44.512')",
  );
  const insert = await waitFor(() => seen.find((m): m is Pgoutput.MessageInsert => m.tag === 'insert'), {
    timeoutMs: 15_000,
    what: 'the INSERT on the slot',
  });
  await waitFor(() => seen.some((m) => m.tag === 'commit'), { timeoutMs: 15_000, what: 'the COMMIT' });

  assert.equal(insert.relation.schema, 'public');
  assert.equal(insert.relation.name, 't');
  assert.deepEqual(insert.relation.keyColumns, ['id']);
  assert.equal(insert.new.id, '5b1e7f0a-3c2d-4e8f-9a61-0d2c4b7e8f13');
  assert.equal(insert.new.profile, '{"gender":"Female"}');
  assert.deepEqual(
    seen.map((m) => m.tag),
    ['begin', 'relation', 'insert', 'commit'],
  );

  await service.stop();
  await streaming;
  await client.query("SELECT pg_drop_replication_slot('it_slot')");
  await client.end();
});

test('an idle connection the server ends does not end the process; the next query fails and can be retried', async () => {
  const idle = pgClient({ connectionString: db.url });
  await idle.connect();
  const { rows } = await idle.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    // Without the client's error listener, the server's FATAL message would be an uncaught 'error' here.
    await waitFor(
      () =>
        idle.query('SELECT 1').then(
          () => false,
          () => true,
        ),
      { timeoutMs: 5_000, what: 'a query on the ended connection to fail' },
    );
    await assert.rejects(idle.query('SELECT 1'));
  } finally {
    await admin.end();
    await idle.end().catch(() => undefined);
  }
});
