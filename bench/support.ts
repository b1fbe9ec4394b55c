/**
 * Shared plumbing of the benchmarks (bench/source.ts, bench/sink.ts): scratch databases and connectors on
 * the local stack, cleanup that also runs on Ctrl-C, progress on stderr, memory sampling, percentiles and
 * the summary table. Benchmarks print figures; they assert nothing.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { localKafkaBroker, localPgUrl } from '../src/config/local-stack.ts';
import { loadConfig, type PipelineConfig } from '../src/config/pipeline.ts';
import type { Connector } from '../src/connectors/connector.ts';
import { loadConnectors } from '../src/connectors/load.ts';
import { ddlByDatabase } from '../src/dev/fixture/schema.ts';
import { type GeneratorTable, isGeneratorTable } from '../src/dev/generate/source-row.ts';
import { stackSettings } from '../src/dev/stack/settings.ts';
import { LocalStack } from '../src/dev/stack/stack.ts';
import { log } from '../src/util/log.ts';
import { processSeconds, treeSeconds } from './proc.ts';

// The product logs every start and stop at info; a benchmark's output is its progress and its table.
log.level = process.env.PROFILE_CDC_LOG_LEVEL ?? 'warn';

export const settings = stackSettings();
export const pgUrl = (database: string): string => localPgUrl(settings, database);
export const kafka = (): Kafka =>
  new Kafka({
    clientId: 'profile-cdc-bench',
    brokers: [localKafkaBroker(settings)],
    logLevel: logLevel.WARN,
  });

/** `--name value` flags; anything else is an error naming the known flags. */
export function parseFlags<T extends Record<string, string>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const key = flag.replace(/^--/, '');
    const value = argv[i + 1];
    if (!flag.startsWith('--') || !(key in defaults) || value === undefined) {
      const known = Object.entries(defaults)
        .map(([k, v]) => `--${k} (${v})`)
        .join(', ');
      throw new Error(`unknown or incomplete flag ${flag}; known: ${known}`);
    }
    out[key] = value;
    i++;
  }
  return out as T;
}

export function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${text}`);
  return n;
}

export function generatorTable(text: string): GeneratorTable {
  if (!isGeneratorTable(text)) throw new Error(`--table: one of prereg, regprc, idrepo, ida (got ${text})`);
  return text;
}

export const uniqueName = (label: string): string => `${label}_${Date.now().toString(36)}_${process.pid}`;

/** Things to undo, last first; run once, also on SIGINT/SIGTERM, errors reported and skipped. */
export class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<unknown> }[] = [];
  private ran: Promise<void> | undefined;

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        note(`\n${signal}: cleaning up`);
        void this.run().finally(() => process.exit(130));
      });
    }
    // A failure outside the awaited path (a timer, a background loop) still leaves nothing behind.
    const fail = (err: unknown) => {
      note(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\ncleaning up`);
      void this.run().finally(() => process.exit(1));
    };
    process.once('uncaughtException', fail);
    process.once('unhandledRejection', fail);
  }

  add(what: string, undo: () => Promise<unknown>): void {
    this.steps.push({ what, undo });
  }

  run(): Promise<void> {
    this.ran ??= (async () => {
      for (const { what, undo } of this.steps.splice(0).reverse()) {
        try {
          await undo();
        } catch (err) {
          note(`cleanup: ${what} failed: ${(err as Error).message}`);
        }
      }
    })();
    return this.ran;
  }
}

export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A scratch database holding one MOSIP table (the fixture DDL), and the connector of that table pointed at
 * it: its own slot, publication, index alias and (through the config) topic prefix.
 */
export async function scratchConnector(
  name: string,
  table: GeneratorTable,
  cleanup: Cleanup,
): Promise<{ connector: Connector; url: string }> {
  const real = loadConnectors().find((c) => c.name === table);
  if (!real) throw new Error(`no connector named ${table} in connectors/`);
  const admin = pgUrl('postgres');
  await query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await query(admin, `CREATE DATABASE ${name}`);
  cleanup.add(`drop database ${name}`, () => query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = pgUrl(name);
  await query(url, ddlByDatabase().get(real.database) as string);
  const connector: Connector = {
    ...real,
    database: name,
    slot: `${name}_slot`,
    publication: `${name}_pub`,
    index: `${name}-${real.name}`.replaceAll('_', '-'),
  };
  cleanup.add(`drop slot ${connector.slot}`, () => dropSlot(url, connector.slot));
  return { connector, url };
}

export async function dropSlot(url: string, slot: string): Promise<void> {
  await query(
    url,
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
}

/** The pipeline config for a scratch connector: the local stack, a topic prefix and group of its own. */
export function benchConfig(name: string): PipelineConfig {
  const config = loadConfig(undefined, {
    PROFILE_CDC_KAFKA_TOPIC_PREFIX: name,
    PROFILE_CDC_SINK_GROUP_ID: `${name}-sink`,
    PROFILE_CDC_PG_PORT: process.env.PROFILE_CDC_PG_PORT,
    PROFILE_CDC_KAFKA_BROKERS: process.env.PROFILE_CDC_KAFKA_BROKERS,
    PROFILE_CDC_ES_NODE: process.env.PROFILE_CDC_ES_NODE,
  });
  config.kafka.deadLetterTopic = `${name}.dead-letter`;
  config.source.heartbeatMs = 500;
  return config;
}

/** Deletes the topics and consumer groups of a topic prefix (what the pipeline created for the bench). */
export async function deleteKafkaLeftovers(prefix: string): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const { groups } = await admin.listGroups();
    const mine = groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (mine.length > 0) await admin.deleteGroups(mine).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** Progress and notes go to stderr; the summary table to stdout. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export type Progress = { update(value: number, extra?: string): void; stop(): void };

/** A bar on a terminal; elsewhere (CI, pipes) a line every two seconds and one at the end. */
export function progress(label: string, total: number, unit: string): Progress {
  const started = performance.now();
  const rate = (value: number) => {
    const seconds = (performance.now() - started) / 1000;
    return seconds > 0 ? Math.round(value / seconds) : 0;
  };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | {extra}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { speed: 0, extra: '' });
    return {
      update: (value, extra = '') => bar.update(value, { speed: rate(value), extra }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let latest = 0;
  let latestExtra = '';
  const line = () =>
    note(
      `${label}: ${latest}/${total} ${unit} (${rate(latest)} ${unit}/s)${latestExtra ? ` ${latestExtra}` : ''}`,
    );
  return {
    update(value, extra = '') {
      latest = value;
      latestExtra = extra;
      const now = performance.now();
      if (now - last >= 2000) {
        last = now;
        line();
      }
    },
    stop: line,
  };
}

/** Samples this process's memory while a phase runs: start (after a GC when exposed), peak and end. */
export class MemorySampler {
  private readonly samples: { rss: number; heapUsed: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 100): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): { rss: number; heapUsed: number } {
    const { rss, heapUsed } = process.memoryUsage();
    const s = { rss, heapUsed };
    this.samples.push(s);
    return s;
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    this.sample();
    const first = this.samples[0] ?? { rss: 0, heapUsed: 0 };
    const lastOne = this.samples.at(-1) ?? first;
    return {
      rss: { start: first.rss, peak: Math.max(...this.samples.map((s) => s.rss)), end: lastOne.rss },
      heap: {
        start: first.heapUsed,
        peak: Math.max(...this.samples.map((s) => s.heapUsed)),
        end: lastOne.heapUsed,
      },
      samples: this.samples.length,
    };
  }
}

export type MemoryFigures = {
  rss: { start: number; peak: number; end: number };
  heap: { start: number; peak: number; end: number };
  samples: number;
};

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Nearest-rank percentile of unsorted values (sorted copy); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export type LatencyFigures = { count: number; p50: number; p90: number; p99: number; max: number };

export function latencyFigures(ms: readonly number[]): LatencyFigures {
  return {
    count: ms.length,
    p50: percentile(ms, 50),
    p90: percentile(ms, 90),
    p99: percentile(ms, 99),
    max: ms.length === 0 ? Number.NaN : ms.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const fixed = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
export const ms = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : '-');
export const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

/** A plain-text table: the first row is the header. */
export function table(title: string, rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: readonly string[]) =>
    `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const [head, ...body] = rows;
  return [title, '', line(head ?? []), rule, ...body.map(line), ''].join('\n');
}

/** What the latency consumer child (bench/consume-latency.ts) is told and reports. */
export type ConsumerOptions = { brokers: string[]; topic: string; groupId: string };
export type ConsumerMessage =
  | { type: 'ready' }
  | { type: 'progress'; received: number }
  | { type: 'result'; commits: number[]; appended: number[]; received: number[]; ahead: number };

/** What the inserter child (bench/insert-at-rate.ts) reports. */
export type InserterMessage =
  | { type: 'batch'; rows: number; ids?: string[]; sentAt: number; ackedAt: number }
  | { type: 'done'; rows: number; seconds: number; maxLagMs: number };

export type InserterOptions = {
  url: string;
  schema: string;
  table: GeneratorTable;
  rate: number;
  seconds: number;
  seed: string;
  /** Send each batch's row ids back (for the end-to-end latency). */
  reportIds: boolean;
};

/** A bench/*.ts child process under tsx, talking over IPC; `exited` rejects when it fails. */
export function forkChild<M>(
  file: string,
  options: unknown,
  onMessage: (message: M) => void,
): { child: ChildProcess; exited: Promise<void> } {
  const child = fork(resolve(import.meta.dirname, file), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (m: M) => onMessage(m));
  const exited = new Promise<void>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolveExit() : reject(new Error(`${file} exited with ${code ?? signal}`)),
    );
  });
  return { child, exited };
}

/**
 * Starts the steady-rate inserter in a child process, so generating rows does not compete with the
 * measured pipeline for this process's event loop.
 */
export function startInserter(
  options: InserterOptions,
  onMessage: (message: InserterMessage) => void,
): { child: ChildProcess; done: Promise<Extract<InserterMessage, { type: 'done' }>> } {
  let result: Extract<InserterMessage, { type: 'done' }> | undefined;
  const { child, exited } = forkChild<InserterMessage>('insert-at-rate.ts', options, (m) => {
    if (m.type === 'done') result = m;
    onMessage(m);
  });
  const done = exited.then(() => {
    if (!result) throw new Error('the inserter ended without its summary');
    return result;
  });
  return { child, done };
}

/**
 * A record's source.commitTime in epoch milliseconds, and whether it lies more than a minute ahead of
 * this machine's clock (the same clock PostgreSQL stamps it with): such a time makes a latency
 * meaningless, so it is counted and reported instead of silently averaged in.
 */
export function commitMillis(commitTime: string | null): { ms: number; ahead: boolean } | undefined {
  const ms = Date.parse(commitTime ?? '');
  if (Number.isNaN(ms)) return undefined;
  return { ms, ahead: ms - Date.now() > 60_000 };
}

/** `fn` run at most once; later calls get the first call's promise (a stop used by a phase and by cleanup). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= fn();
    return result;
  };
}

/** p50/p99 of each `windowMs` slice of the run (by commit time): shows whether a tail is a start-up blip. */
export function latencyOverTime(
  samples: readonly { at: number; latency: number }[],
  start: number,
  windowMs: number,
): string {
  const slices = new Map<number, number[]>();
  for (const { at, latency } of samples) {
    const slice = Math.max(0, Math.floor((at - start) / windowMs));
    const values = slices.get(slice) ?? [];
    values.push(latency);
    slices.set(slice, values);
  }
  return [...slices]
    .sort(([a], [b]) => a - b)
    .map(([slice, values]) => {
      const f = latencyFigures(values);
      return `${(slice * windowMs) / 1000}s: p50 ${Math.round(f.p50)} p99 ${Math.round(f.p99)} (${f.count})`;
    })
    .join(' | ');
}

/** The machine's load, for the record: these figures mean little on a machine busy with other work. */
export function machineLoad(): string {
  const [one, five] = loadavg();
  return `load average ${fixed(one ?? 0)} (1 min) ${fixed(five ?? 0)} (5 min) on ${availableParallelism()} cores`;
}

/** CPU over an interval: this process's (user + system), other processes', the whole machine's busy share. */
export type CpuFigures = {
  processSeconds: number;
  others: { label: string; seconds: number }[];
  machineBusy: number;
  cores: number;
};

function machineTicks(): { busy: number; all: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const all = fields.reduce((a, b) => a + b, 0);
  // idle + iowait
  return { busy: all - (fields[3] ?? 0) - (fields[4] ?? 0), all };
}

/**
 * The local stack's processes (Kafka and Elasticsearch unless named), to see where the machine's CPU went;
 * PostgreSQL counts with its backends (the WAL senders and snapshot readers do its work).
 */
export async function stackProcesses(
  names: readonly ('postgresql' | 'kafka' | 'elasticsearch')[] = ['kafka', 'elasticsearch'],
): Promise<CpuProbe[]> {
  const stack = await LocalStack.open([...names]);
  return (await stack.status()).flatMap(({ name, pid }): CpuProbe[] => {
    if (pid === undefined) return [];
    return [name === 'postgresql' ? { label: name, read: () => treeSeconds(pid) } : { label: name, pid }];
  });
}

/** Another process to measure: by pid, or by a reading of CPU seconds (a process tree, reaped children). */
export type CpuProbe = { label: string; pid: number } | { label: string; read: () => number };

const readProbe = (p: CpuProbe): number => ('read' in p ? p.read() : processSeconds(p.pid));

const ownSeconds = (): number => {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6;
};

/**
 * Starts measuring; the returned function ends the interval and gives its figures. `tool` reads the CPU
 * seconds of what is measured (this process unless told, or a tool in another process).
 */
export function cpuMeter(
  processes: readonly CpuProbe[] = [],
  tool: () => number = ownSeconds,
): () => CpuFigures {
  const toolBefore = tool();
  const othersBefore = processes.map(readProbe);
  const machineBefore = machineTicks();
  return () => {
    const toolSeconds = tool() - toolBefore;
    const machine = machineTicks();
    const all = machine.all - machineBefore.all;
    return {
      processSeconds: toolSeconds,
      others: processes.map((p, i) => ({ label: p.label, seconds: readProbe(p) - (othersBefore[i] ?? 0) })),
      machineBusy: all > 0 ? (machine.busy - machineBefore.busy) / all : 0,
      cores: availableParallelism(),
    };
  };
}

/** Two intervals' figures as one (their seconds added, the machine's share averaged). */
export function sumCpu(a: CpuFigures, b: CpuFigures): CpuFigures {
  return {
    processSeconds: a.processSeconds + b.processSeconds,
    others: a.others.map((o, i) => ({ label: o.label, seconds: o.seconds + (b.others[i]?.seconds ?? 0) })),
    machineBusy: (a.machineBusy + b.machineBusy) / 2,
    cores: a.cores,
  };
}

/** Summary-table rows: CPU per item of this process and of the others, and how busy the machine was. */
export function cpuRows(
  label: string,
  cpus: readonly { cpu: CpuFigures; count: number }[],
  item: string,
): string[][] {
  const per = (seconds: number, count: number) => `${fixed((seconds / count) * 1e6, 1)} us`;
  const first = cpus[0]?.cpu;
  if (!first) return [];
  return [
    [`CPU per ${item}: ${label}`, ...cpus.map(({ cpu, count }) => per(cpu.processSeconds, count))],
    ...first.others.map((o, i) => [
      `CPU per ${item}: ${o.label}`,
      ...cpus.map(({ cpu, count }) => per(cpu.others[i]?.seconds ?? 0, count)),
    ]),
    [`machine busy (${first.cores} cores)`, ...cpus.map(({ cpu }) => `${fixed(100 * cpu.machineBusy, 0)}%`)],
  ];
}

/**
 * With a path (the `--profile` flag), records a V8 CPU profile of this process until the returned
 * function is called, and writes it there (open it in Chrome DevTools); without one, does nothing.
 */
export async function cpuProfile(path: string): Promise<() => Promise<void>> {
  if (!path) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
    note(`CPU profile written to ${path}`);
  };
}
