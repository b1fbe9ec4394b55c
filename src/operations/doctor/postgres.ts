import type pg from 'pg';
import { databaseUrl } from '../../config/database-url.ts';
import type { PipelineConfig } from '../../config/pipeline.ts';
import type { TableConnector } from '../../connectors/connector.ts';
import { columnsOf } from '../../kinds/keys.ts';
import { publicationCovers } from '../../source/setup.ts';
import { pgClient } from '../../util/pg-client.ts';
import { type Check, pass, problem } from './check.ts';

const area = 'postgresql';

type Settings = {
  wal_level: string;
  max_slots: number;
  slots: number;
  max_senders: number;
  senders: number;
  keep_mb: number;
  replication: boolean;
  can_select: boolean;
  can_emit: boolean;
};

/** The checks of one connector's database, as the configured role sees it. */
export async function checkPostgres(config: PipelineConfig, c: TableConnector): Promise<Check[]> {
  const subject = c.name;
  const db = pgClient({ connectionString: databaseUrl(config.postgres, c.database) });
  try {
    await db.connect();
  } catch (err) {
    return [
      problem(
        'fail',
        area,
        subject,
        'connect',
        `${c.database} on ${config.postgres.host}:${config.postgres.port}: ${(err as Error).message}`,
        'check postgres.host, postgres.port, postgres.user and the password (and pg_hba.conf on the server)',
      ),
    ];
  }
  try {
    const checks: Check[] = [pass(area, subject, 'connect', `${c.database} as ${config.postgres.user}`)];
    const { rows } = await db.query<Settings>(
      `SELECT current_setting('wal_level') AS wal_level,
              current_setting('max_replication_slots')::int AS max_slots,
              (SELECT count(*) FROM pg_replication_slots)::int AS slots,
              current_setting('max_wal_senders')::int AS max_senders,
              (SELECT count(*) FROM pg_stat_replication)::int AS senders,
              (pg_size_bytes(current_setting('max_slot_wal_keep_size') || CASE WHEN current_setting('max_slot_wal_keep_size') ~ '^-?[0-9]+$' THEN 'MB' ELSE '' END) / 1048576)::int AS keep_mb,
              (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user) AS replication,
              CASE WHEN $3::text[] IS NULL
                THEN has_table_privilege(format('%I.%I', $1::text, $2::text), 'SELECT')
                ELSE (SELECT bool_and(has_column_privilege(format('%I.%I', $1::text, $2::text), col, 'SELECT'))
                      FROM unnest($3::text[]) AS col)
              END AS can_select,
              has_function_privilege('pg_logical_emit_message(boolean, text, text)', 'EXECUTE') AS can_emit`,
      // A master table is read by some of its columns only: SELECT on those is what it needs.
      [c.schema, c.table, columnsOf(c.kind)],
    );
    const s = rows[0] as Settings;
    checks.push(
      s.wal_level === 'logical'
        ? pass(area, subject, 'wal_level', 'logical')
        : problem(
            'fail',
            area,
            subject,
            'wal_level',
            s.wal_level,
            "ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL",
          ),
      s.slots < s.max_slots && s.senders < s.max_senders
        ? pass(
            area,
            subject,
            'free slots and WAL senders',
            `slots ${s.slots}/${s.max_slots}, senders ${s.senders}/${s.max_senders}`,
          )
        : problem(
            'fail',
            area,
            subject,
            'free slots and WAL senders',
            `slots ${s.slots}/${s.max_slots}, senders ${s.senders}/${s.max_senders}`,
            'raise max_replication_slots and max_wal_senders (one more of each per connector), then restart PostgreSQL',
          ),
      s.replication
        ? pass(area, subject, 'REPLICATION', `${config.postgres.user} may create and read slots`)
        : problem(
            'fail',
            area,
            subject,
            'REPLICATION',
            `${config.postgres.user} lacks it`,
            `ALTER ROLE "${config.postgres.user}" REPLICATION;`,
          ),
      s.can_select
        ? pass(area, subject, 'SELECT', `${c.schema}.${c.table}`)
        : problem(
            'fail',
            area,
            subject,
            'SELECT',
            `${config.postgres.user} may not read ${c.schema}.${c.table}`,
            'profile-cdc setup --print-sql (GRANT USAGE and SELECT)',
          ),
      s.can_emit
        ? pass(area, subject, 'pg_logical_emit_message', 'snapshot watermarks can be written')
        : problem(
            'fail',
            area,
            subject,
            'pg_logical_emit_message',
            `${config.postgres.user} may not execute it`,
            'profile-cdc setup --print-sql (GRANT EXECUTE)',
          ),
    );
    checks.push(
      (await publicationCovers(db, c))
        ? pass(area, subject, 'publication', `${c.publication} covers ${c.schema}.${c.table}`)
        : problem(
            'warn',
            area,
            subject,
            'publication',
            `${c.publication} does not cover ${c.schema}.${c.table}`,
            "profile-cdc setup (as the tables' owner), or have a DBA run profile-cdc setup --print-sql",
          ),
    );
    checks.push(...(await checkSlot(db, c, s.keep_mb)));
    return checks;
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function checkSlot(db: pg.Client, c: TableConnector, keepMb: number): Promise<Check[]> {
  const subject = c.name;
  const { rows } = await db.query<{ wal_status: string | null; active: boolean; retained: string | null }>(
    `SELECT wal_status, active, (pg_current_wal_lsn() - restart_lsn)::bigint::text AS retained
       FROM pg_replication_slots WHERE slot_name = $1`,
    [c.slot],
  );
  const slot = rows[0];
  const checks: Check[] = [];
  if (!slot) {
    checks.push(
      problem(
        'warn',
        area,
        subject,
        'slot',
        `${c.slot} does not exist`,
        'none: the source creates it at start (and reads the table)',
      ),
    );
  } else if (slot.wal_status === 'lost') {
    checks.push(
      problem(
        'fail',
        area,
        subject,
        'slot',
        `${c.slot} is lost: WAL it needed was removed`,
        'restart the source: it creates the slot again and reads the table again',
      ),
    );
  } else {
    const retainedMb = Number(slot.retained ?? 0) / 1048576;
    checks.push(
      pass(
        area,
        subject,
        'slot',
        `${c.slot} ${slot.wal_status ?? ''}, ${slot.active ? 'active' : 'inactive'}, retains ${retainedMb.toFixed(0)} MB of WAL`,
      ),
    );
    if (keepMb > 0 && retainedMb > 0.8 * keepMb)
      checks.push(
        problem(
          'fail',
          area,
          subject,
          'retained WAL',
          `${retainedMb.toFixed(0)} MB of max_slot_wal_keep_size ${keepMb} MB`,
          'the source is behind or down: see docs/operations.md, "Replication slots: monitoring and lag"',
        ),
      );
  }
  if (keepMb < 0)
    checks.push(
      problem(
        'warn',
        area,
        subject,
        'max_slot_wal_keep_size',
        'unlimited: a stopped pipeline keeps WAL until the disk is full',
        'set max_slot_wal_keep_size to what the disk can spare (a slot over it is lost and read again, the database keeps running)',
      ),
    );
  return checks;
}
