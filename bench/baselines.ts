/**
 * The floors the benchmarks compare against, each run to its end as a child process: pg_recvlogical
 * draining a slot to /dev/null, and psql's COPY of a whole table to /dev/null. Each reports its time, its
 * CPU (measured once it has exited and been reaped) and its peak RSS.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { formatLsn, parseLsn } from '../src/encode/lsn.ts';
import { reapedChildrenSeconds, watchPeakRss } from './proc.ts';
import { progress, query, settings } from './support.ts';

const pgBin = settings.pg.binDir ?? '/usr/lib/postgresql/15/bin';
const connection = (database: string) => [
  ...['-h', settings.pg.host, '-p', String(settings.pg.port), '-U', settings.pg.user, '-d', database],
];

export type ToolRun = { seconds: number; cpuSeconds: number; peakRss: number };

export async function currentLsn(url: string): Promise<bigint> {
  const [row] = await query<{ lsn: string }>(url, 'SELECT pg_current_wal_lsn()::text AS lsn');
  return parseLsn(row?.lsn ?? '0/0');
}

/** Runs a PostgreSQL client binary to its end; `onPoll` runs every 250 ms meanwhile (progress). */
async function runToEnd(binary: string, args: string[], onPoll?: () => void): Promise<ToolRun> {
  const cpuBefore = reapedChildrenSeconds();
  const started = performance.now();
  const child = spawn(join(pgBin, binary), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const peak = child.pid === undefined ? () => 0 : watchPeakRss(child.pid);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const poll = onPoll ? setInterval(onPoll, 250) : undefined;
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(poll);
  const peakRss = peak();
  if (code !== 0) throw new Error(`${binary} exited with ${code}: ${stderr.trim()}`);
  return { seconds, cpuSeconds: reapedChildrenSeconds() - cpuBefore, peakRss };
}

/** pg_recvlogical from its slot up to `to`, to /dev/null; progress from its WAL sender's sent_lsn. */
export async function recvlogical(
  url: string,
  database: string,
  slot: string,
  publication: string,
  from: bigint,
  to: bigint,
): Promise<ToolRun> {
  const args = [
    ...connection(database),
    ...['-S', slot, '-P', 'pgoutput', '-o', 'proto_version=1', '-o', `publication_names=${publication}`],
    ...[`--endpos=${formatLsn(to)}`, '--no-loop', '-f', '/dev/null', '--start'],
  ];
  const mib = (lsn: bigint) => Math.round(Number(lsn - from) / 2 ** 20);
  const bar = progress('pg_recvlogical (WAL MiB)', Math.max(1, mib(to)), 'MiB');
  const run = await runToEnd('pg_recvlogical', args, () => {
    void query<{ lsn: string | null }>(
      url,
      `SELECT r.sent_lsn::text AS lsn FROM pg_stat_replication r
         JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = $1`,
      [slot],
    )
      .then(([row]) => {
        if (row?.lsn) bar.update(mib(parseLsn(row.lsn)));
      })
      .catch(() => undefined);
  });
  bar.update(mib(to));
  bar.stop();
  return run;
}

/** psql: COPY of the whole table to /dev/null. */
export function copyTable(database: string, qualified: string): Promise<ToolRun> {
  return runToEnd('psql', [...connection(database), '-c', `COPY (SELECT * FROM ${qualified}) TO STDOUT`]);
}
