import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localPgUrl } from '../../config/local-stack.ts';
import { exec } from '../../util/exec.ts';
import { pgClient } from '../../util/pg-client.ts';
import { waitFor } from '../../util/wait.ts';
import { embeddedPostgresBin } from './download.ts';
import { findPgBin, giveTo } from './host.ts';
import { livePid } from './process.ts';
import { postgresSecureConfig, postgresSecureHba, secureStack } from './secure.ts';
import { assertPortFree, type ServiceStatus, type StackContext, type StackService } from './service.ts';

/** Logical replication needs wal_level=logical and room for one slot and WAL sender per connector. */
function serverConfig(ctx: StackContext, socketDir: string): string {
  const { host, port } = ctx.settings.pg;
  return [
    `listen_addresses = '${host}'`,
    `port = ${port}`,
    `unix_socket_directories = '${socketDir}'`,
    'wal_level = logical',
    'max_replication_slots = 20',
    'max_wal_senders = 20',
    'max_connections = 200',
    'shared_buffers = 512MB',
    'max_wal_size = 4GB',
    // A developer's machine: a slot nobody reads (a demo left behind) may not fill the disk.
    'max_slot_wal_keep_size = 10GB',
    'checkpoint_timeout = 15min',
    "log_min_messages = 'warning'",
    "timezone = 'UTC'",
    '',
  ].join('\n');
}

export function postgresService(ctx: StackContext): StackService {
  const dir = join(ctx.settings.stateDir, 'postgres');
  const data = join(dir, 'data');
  const socketDir = join(dir, 'run');
  const logFile = join(dir, 'postgres.log');
  const { host, port } = ctx.settings.pg;
  const as = ctx.runAs;
  const { binDir, embedded } = ctx.settings.pg;
  const pgBin = async () =>
    embedded ? embeddedPostgresBin(ctx.settings.cacheDir, embedded) : findPgBin(binDir);
  const pgCtl = async () => join(await pgBin(), 'pg_ctl');
  const pid = () => livePid(join(data, 'postmaster.pid'));

  async function ready(): Promise<boolean> {
    const client = pgClient({ connectionString: localPgUrl(ctx.settings, 'postgres') });
    try {
      await client.connect();
      const { rows } = await client.query<{ wal_level: string }>('SHOW wal_level');
      return rows[0]?.wal_level === 'logical';
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  return {
    name: 'postgresql',
    address: `${host}:${port}`,
    async prepare() {
      const bin = await pgBin();
      mkdirSync(socketDir, { recursive: true });
      await giveTo(dir, as);
      if (!existsSync(join(data, 'PG_VERSION'))) {
        const args = ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
        await exec(join(bin, 'initdb'), args, { as });
      }
      const main = join(data, 'postgresql.conf');
      const include = "include_if_exists = 'profile-cdc.conf'";
      const mainText = readFileSync(main, 'utf8');
      if (!mainText.includes(include)) writeFileSync(main, `${mainText}\n${include}\n`);
      // Rewritten every time, so a changed port takes effect on the next start.
      let config = serverConfig(ctx, socketDir);
      if (ctx.settings.secure) {
        const secure = await secureStack(ctx.settings);
        // PostgreSQL wants its key owned by its own user and private: a copy of its own in its directory.
        const cert = join(dir, 'server.pem');
        const key = join(dir, 'server-key.pem');
        writeFileSync(cert, secure.tls.server.cert);
        writeFileSync(key, secure.tls.server.key, { mode: 0o600 });
        config += postgresSecureConfig(cert, key);
        writeFileSync(join(data, 'pg_hba.conf'), postgresSecureHba(secure.credentials.pgPipeline.user));
      }
      writeFileSync(join(data, 'profile-cdc.conf'), config);
      await giveTo(dir, as);
    },
    async start() {
      if (pid() !== undefined) {
        await waitFor(ready, { timeoutMs: 30_000, what: 'PostgreSQL to accept queries' });
        return 'already running';
      }
      await assertPortFree(host, port, 'PROFILE_CDC_PG_PORT');
      await exec(await pgCtl(), ['-D', data, '-l', logFile, '-w', '-t', '60', 'start'], { as });
      await waitFor(ready, { timeoutMs: 30_000, what: 'PostgreSQL to accept queries' });
      return 'started';
    },
    async stop() {
      if (pid() === undefined) return 'not running';
      await exec(await pgCtl(), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop'], { as });
      return 'stopped';
    },
    async status(): Promise<ServiceStatus> {
      const p = pid();
      return { name: 'postgresql', running: p !== undefined, pid: p, address: `${host}:${port}`, logFile };
    },
  };
}
