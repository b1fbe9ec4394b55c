/**
 * Readings from /proc for the benchmarks: CPU seconds of a process, of this process's reaped children and
 * of a process tree (PostgreSQL's backends), and the peak resident memory of another process.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const hz = 100;

/** The fields after the command name of /proc/PID/stat (field 3 is index 0); empty when it is gone. */
function statFields(pid: number | 'self'): string[] {
  try {
    return (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  } catch {
    return [];
  }
}

const ticks = (fields: string[], ...at: number[]) => at.reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);

/** utime + stime of a process, in seconds; 0 when it is gone. */
export function processSeconds(pid: number): number {
  return ticks(statFields(pid), 11, 12) / hz;
}

/**
 * cutime + cstime of this process: the CPU of its children that have exited and been reaped, so a tool
 * that runs to its end (pg_recvlogical, psql) can be measured after it is gone.
 */
export function reapedChildrenSeconds(): number {
  return ticks(statFields('self'), 13, 14) / hz;
}

/**
 * A server and its children (PostgreSQL's postmaster and backends): the live children's utime + stime and
 * the parent's own and reaped children's. A backend that exits between two readings moves from the first
 * sum into the second, so the difference of two readings stays right.
 */
export function treeSeconds(parent: number): number {
  let children = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (Number(fields[1]) === parent) children += ticks(fields, 11, 12);
  }
  return (ticks(statFields(parent), 11, 12, 13, 14) + children) / hz;
}

/** VmHWM (the kernel's own peak RSS) of a process in bytes; 0 when it is gone. */
export function peakRssOf(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Keeps the last VmHWM seen of a process that may exit on its own before it can be read at the end. */
export function watchPeakRss(pid: number, intervalMs = 100): () => number {
  let peak = peakRssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssOf(pid));
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, peakRssOf(pid));
  };
}
