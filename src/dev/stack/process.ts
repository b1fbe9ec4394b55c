import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { RunAs } from '../../util/exec.ts';
import { waitFor } from '../../util/wait.ts';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a pid file, if the file exists and that process still runs; a stale file is removed. */
export function livePid(pidFile: string, firstLineOnly = true): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const text = readFileSync(pidFile, 'utf8');
  const pid = Number.parseInt(firstLineOnly ? (text.split('\n')[0] ?? '') : text, 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return pid;
  return undefined;
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`; resolves once it is gone. */
export async function stopProcess(pid: number, graceMs: number, what: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await waitFor(() => !isAlive(pid), { timeoutMs: graceMs, what: `${what} to exit` });
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, what: `${what} to exit after SIGKILL` });
  }
}

/** Stops every process the pid files name, in parallel; 'not running' when none ran. */
export async function stopAll(
  processes: readonly { pidFile: string; what: string }[],
  graceMs: number,
): Promise<'stopped' | 'not running'> {
  const running = processes.flatMap((p) => {
    const pid = livePid(p.pidFile);
    return pid === undefined ? [] : [{ ...p, pid }];
  });
  if (running.length === 0) return 'not running';
  await Promise.all(
    running.map(async (p) => {
      await stopProcess(p.pid, graceMs, p.what);
      removeFile(p.pidFile);
    }),
  );
  return 'stopped';
}

/** kill -9 of the process a pid file names (a crash, for fault tests); resolves once it is gone. */
export async function killProcess(pidFile: string, what: string): Promise<void> {
  const pid = livePid(pidFile);
  if (pid === undefined) throw new Error(`${what} is not running`);
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, what: `${what} to exit after SIGKILL` });
  removeFile(pidFile);
}

export type DetachedOptions = {
  logFile: string;
  pidFile: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  as?: RunAs;
};

/** Starts a long-lived server that outlives this CLI, output appended to its log file. */
export function spawnDetached(command: string, args: readonly string[], o: DetachedOptions): number {
  const log = openSync(o.logFile, 'a');
  const child = spawn(command, args, {
    cwd: o.cwd,
    env: o.env,
    detached: true,
    stdio: ['ignore', log, log],
    ...(o.as ? { uid: o.as.uid, gid: o.as.gid } : {}),
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  writeFileSync(o.pidFile, `${child.pid}\n`);
  return child.pid;
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
