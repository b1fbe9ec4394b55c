import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { TableConnector } from '../../connectors/connector.ts';
import type { Lsn } from '../../encode/lsn.ts';
import { rowKeyOf } from '../../kinds/keys.ts';
import { backoffMs, dependencyBackoff } from '../../util/backoff.ts';
import type { Logger } from '../../util/log.ts';
import type { Row } from '../row.ts';
import {
  currentJob,
  enqueue,
  finish,
  newJob,
  type RangeProgress,
  type SnapshotJob,
  type SnapshotRecord,
} from './job.ts';
import { type ChunkRead, ChunkReader } from './reader.ts';
import { readMessage, type Signal } from './watermark.ts';
import { ChunkWindows } from './windows.ts';

/** Where snapshot rows go: the connector's publisher, in the order of the stream they are read beside. */
export type SnapshotPort = {
  /** Queues rows as snapshot records read at `lsn`; returns the sequence number Kafka must acknowledge. */
  publish(rows: readonly Row[], lsn: Lsn): number;
  /** Resolves once Kafka acknowledged every record up to `seq`; rejects if the stream behind it ended. */
  published(seq: number): Promise<void>;
  backlog(): number;
};

export type SnapshotProgress = {
  job: string | null;
  reason: SnapshotJob['reason'] | null;
  rowsExpected: number;
  rowsRead: number;
  /** Rows this process has read for any job (a counter). */
  rowsReadHere: number;
  /** Rows read whose copy was not published because the stream changed them inside the chunk's window. */
  rowsSuperseded: number;
  chunksDone: number;
  chunksExpected: number;
  rangesTotal: number;
  rangesDone: number;
  /** Rows per second since the job (or this process's share of it) started. */
  rowsPerSecond: number;
  etaSeconds: number | null;
  /** A chunk waits for transactions older than it (since when, and which): the job cannot move meanwhile. */
  blocked: { since: number; reason: string } | null;
};

export type SnapshotEngineOptions = {
  readers: number;
  chunkRows: number;
  /** A chunk is read only while fewer records than half this wait for Kafka. */
  maxBuffered: number;
  /** How long a chunk waits for transactions older than its low watermark to end before reading again. */
  olderTransactionsMs?: number;
  /** How long a chunk's window may stay open before it is read again (the stream stalled or lags far behind). */
  windowTimeoutMs?: number;
};

export type SnapshotEngineDeps = {
  connector: TableConnector;
  url: string;
  record: SnapshotRecord;
  save(record: SnapshotRecord): Promise<void>;
  options: SnapshotEngineOptions;
  log: Logger;
};

type Outcome = { seq: number; kept: number; superseded: number } | { retry: string };
/**
 * A chunk between its watermarks: `reading` until its rows are in hand, then `read` (rows to publish at
 * the high watermark) or `held` (older transactions still open: nothing is published, it is read again).
 */
type Pending = { state: 'reading' | 'read' | 'held'; rows: Row[]; lsn: Lsn; settle(outcome: Outcome): void };

class ChunkRetry extends Error {}

/**
 * The chunked snapshot engine (initial snapshots, backfills, the snapshot after a lost slot): a table is
 * split into key ranges read by several readers, a chunk at a time, beside the running stream. Each chunk
 * is read between a low and a high watermark written into the WAL; when the stream reaches the high one,
 * the chunk's rows the stream did not change inside that window are published, versioned at the low
 * watermark. Progress is saved per chunk once Kafka holds its rows, so a restart reads only what is left.
 */
export class SnapshotEngine {
  readonly progress: SnapshotProgress = {
    job: null,
    reason: null,
    rowsExpected: 0,
    rowsRead: 0,
    rowsReadHere: 0,
    rowsSuperseded: 0,
    chunksDone: 0,
    chunksExpected: 0,
    rangesTotal: 0,
    rangesDone: 0,
    rowsPerSecond: 0,
    etaSeconds: null,
    blocked: null,
  };
  private port: SnapshotPort | undefined;
  private portWaiters: (() => void)[] = [];
  private readonly windows = new ChunkWindows();
  private readonly pending = new Map<string, Pending>();
  private readonly cancelled = new Set<string>();
  private running: Promise<void> | undefined;
  private stopping = false;
  private windowSeq = 0;
  /**
   * Makes this process's window ids its own: after a crash the stream replays the watermarks the last
   * process wrote, and one of those must never close a window of this one.
   */
  private readonly instance = randomUUID().slice(0, 8);
  /** A row's key as the stream reports changed rows: a stream change inside a window wins over the copy. */
  private readonly rowKey: ReturnType<typeof rowKeyOf>;
  private exportedAt: { snapshotName: string; lsn: Lsn } | undefined;
  private started = { at: Date.now(), rows: 0 };

  constructor(private readonly deps: SnapshotEngineDeps) {
    this.rowKey = rowKeyOf(deps.connector.kind);
  }

  get record(): SnapshotRecord {
    return this.deps.record;
  }

  /** Adds a job and starts it when its turn comes; false when a job with this id exists already. */
  async request(job: SnapshotJob): Promise<boolean> {
    if (!enqueue(this.deps.record, job)) return false;
    await this.deps.save(this.deps.record);
    this.deps.log.info({ job: job.id, reason: job.reason, where: job.where }, 'snapshot job queued');
    this.kick();
    return true;
  }

  /** Ends every unfinished job of the given reasons (the slot they were for is gone). */
  async cancelAll(reasons: readonly SnapshotJob['reason'][]): Promise<void> {
    for (const job of this.deps.record.jobs)
      if (reasons.includes(job.reason) && (job.status === 'queued' || job.status === 'running')) {
        this.cancelled.add(job.id);
        if (job.status === 'queued') finish(this.deps.record, job.id, 'cancelled');
      }
    this.wakeReaders();
    await this.running;
    await this.deps.save(this.deps.record);
  }

  /**
   * Reads the whole table inside an exported snapshot (a slot that does not stream: snapshot initial_only),
   * publishing rows as read at `lsn`, with the same ranges and readers; nothing to resume from.
   */
  async exported(port: SnapshotPort, snapshotName: string, lsn: Lsn): Promise<void> {
    this.exportedAt = { snapshotName, lsn };
    this.port = port;
    await this.request(newJob('initial-only', 'initial', null, this.deps.options.chunkRows));
    await this.idle();
  }

  /** The stream runs: chunk windows can open. */
  attach(port: SnapshotPort): void {
    this.port = port;
    this.wakeReaders();
    this.kick();
  }

  /** The stream ended: open windows can never close, their chunks are read again on the next stream. */
  detach(): void {
    this.port = undefined;
    for (const [id, p] of this.pending) {
      this.windows.drop(id);
      p.settle({ retry: 'the replication stream ended' });
    }
    this.pending.clear();
  }

  /** Every row the stream changes (synchronously, in WAL order). */
  changed(key: string): void {
    if (this.windows.size > 0) this.windows.changed(key);
  }

  /**
   * A logical message from the stream: a watermark or a signal for this connector, else ignored. For a
   * signal, returns when it is saved (the slot must not be confirmed past it before, or a crash loses it).
   */
  message(prefix: string, content: Uint8Array): Promise<void> | undefined {
    const read = readMessage(this.deps.connector.name, prefix, content);
    if (!read) return undefined;
    if ('watermark' in read) {
      if (read.watermark.edge === 'low') this.windows.low(read.watermark.window);
      else this.high(read.watermark.window);
      return undefined;
    }
    return this.signal(read.signal).catch((err: unknown) =>
      this.deps.log.error({ err, signal: read.signal }, 'signal not carried out'),
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.detach();
    this.wakeReaders();
    await this.running?.catch(() => undefined);
  }

  /** Runs the jobs left (a restart resumes the unfinished one), unless already running. */
  kick(): void {
    if (this.running || this.stopping || !currentJob(this.deps.record)) return;
    this.running = this.runJobs().then(
      () => {
        this.running = undefined;
        // A job asked for while the last one was finishing.
        this.kick();
      },
      (err: unknown) => {
        // Saving progress failed (Kafka): the jobs start again a little later, from what was saved.
        this.deps.log.error({ err }, 'snapshot jobs stopped; starting them again in 5 s');
        this.running = undefined;
        setTimeout(() => this.kick(), 5000).unref();
      },
    );
  }

  /** Resolves when no job is left to run (or the engine stops). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async signal(signal: Signal): Promise<void> {
    if (signal.action === 'cancel') {
      const job = this.deps.record.jobs.find((j) => j.id === signal.id);
      if (!job) {
        this.deps.log.warn({ job: signal.id }, 'cancel: no such snapshot job');
        return;
      }
      this.cancelled.add(signal.id);
      this.wakeReaders();
      if (job.status === 'queued') {
        finish(this.deps.record, job.id, 'cancelled');
        await this.deps.save(this.deps.record);
      }
      this.deps.log.info({ job: signal.id }, 'snapshot job cancelled');
      return;
    }
    await this.request(
      newJob(signal.id, 'backfill', signal.where, signal.chunkRows ?? this.deps.options.chunkRows),
    );
  }

  private async runJobs(): Promise<void> {
    for (;;) {
      const job = currentJob(this.deps.record);
      if (!job || this.stopping) return;
      if (this.cancelled.has(job.id)) {
        finish(this.deps.record, job.id, 'cancelled');
        await this.deps.save(this.deps.record);
        continue;
      }
      if (job.status === 'queued') await this.plan(job);
      if (this.stopping) return;
      this.started = { at: Date.now(), rows: job.rowsRead };
      this.showProgress(job);
      const progressLog = setInterval(() => this.logProgress(job), 10_000);
      try {
        await Promise.all(Array.from({ length: this.deps.options.readers }, () => this.reader(job)));
      } finally {
        clearInterval(progressLog);
      }
      if (this.stopping) return;
      const status = this.cancelled.has(job.id) ? 'cancelled' : 'done';
      const seconds = (Date.now() - this.started.at) / 1000;
      this.showProgress(job);
      finish(this.deps.record, job.id, status);
      await this.deps.save(this.deps.record);
      // The last job's figures stay on show (dashboards: "100%"), marked as not running.
      this.progress.job = null;
      this.progress.etaSeconds = null;
      this.deps.log.info(
        {
          job: job.id,
          reason: job.reason,
          status,
          rows: job.rowsRead,
          chunks: job.chunksDone,
          superseded: this.progress.rowsSuperseded,
          seconds,
          rowsPerSecond: Math.round((job.rowsRead - this.started.rows) / Math.max(seconds, 0.001)),
        },
        status === 'done' ? 'snapshot finished' : 'snapshot cancelled',
      );
    }
  }

  private async plan(job: SnapshotJob): Promise<void> {
    const { connector, url, options } = this.deps;
    for (let attempt = 0; !this.stopping; attempt++) {
      const reader = await ChunkReader.connect(url).catch((err: unknown) => err as Error);
      try {
        if (reader instanceof Error) throw reader;
        const planned = await reader.plan(connector, options.chunkRows * 20, options.readers);
        job.ranges = planned.ranges.map((r) => ({ ...r, after: null, done: false }));
        job.rowsExpected = planned.estimatedRows;
        job.status = 'running';
        job.startedAt = new Date().toISOString();
        await this.deps.save(this.deps.record);
        this.deps.log.info(
          { job: job.id, ranges: job.ranges.length, estimatedRows: job.rowsExpected, where: job.where },
          'snapshot started',
        );
        return;
      } catch (err) {
        const waitMs = backoffMs(attempt, dependencyBackoff);
        this.deps.log.warn({ err, waitMs, job: job.id }, 'snapshot planning failed; retrying');
        await delay(waitMs);
      } finally {
        if (!(reader instanceof Error)) await reader.close();
      }
    }
  }

  /** One reader: takes ranges nobody reads and reads them chunk by chunk until none is left. */
  private async reader(job: SnapshotJob): Promise<void> {
    let reader: ChunkReader | undefined;
    let failures = 0;
    try {
      for (;;) {
        if (this.stopping || this.cancelled.has(job.id)) return;
        const range = job.ranges.find((r) => !r.done && !this.taken.has(r));
        if (!range) return;
        this.taken.add(range);
        try {
          while (!range.done && !this.stopping && !this.cancelled.has(job.id)) {
            try {
              reader ??= await ChunkReader.connect(this.deps.url);
              await this.chunk(reader, job, range);
              failures = 0;
            } catch (err) {
              if (this.stopping) return;
              if (!(err instanceof ChunkRetry)) {
                await reader?.close();
                reader = undefined;
              }
              const waitMs = backoffMs(failures++, { ...dependencyBackoff, initialMs: 100 });
              this.deps.log.warn(
                { err: (err as Error).message, waitMs, job: job.id },
                'snapshot chunk not read; reading it again',
              );
              await delay(waitMs);
            }
          }
        } finally {
          this.taken.delete(range);
        }
      }
    } finally {
      await reader?.close();
    }
  }

  private readonly taken = new Set<RangeProgress>();

  private async chunk(reader: ChunkReader, job: SnapshotJob, range: RangeProgress): Promise<void> {
    const { connector, options } = this.deps;
    const port = await this.streaming(job);
    if (!port) return;
    while (port.backlog() >= options.maxBuffered / 2 && this.port === port && !this.stopping) await delay(20);
    if (this.exportedAt) {
      const { snapshotName, lsn } = this.exportedAt;
      const read = await reader.chunk(connector, range, range.after, job.where, job.chunkRows, snapshotName);
      await port.published(read.rows.length > 0 ? port.publish(read.rows, lsn) : 0);
      return this.completed(job, range, read, 0);
    }
    const window = `${job.id}:${this.instance}:${++this.windowSeq}`;
    let settle: (outcome: Outcome) => void = () => undefined;
    const outcome = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });
    const pending: Pending = { state: 'reading', rows: [], lsn: 0n, settle };
    this.windows.expect(window);
    this.pending.set(window, pending);
    const timeout = setTimeout(
      () => settle({ retry: 'the stream did not reach the high watermark in time' }),
      options.windowTimeoutMs ?? 300_000,
    );
    try {
      const low = await reader.watermark({ connector: connector.name, window, edge: 'low' });
      const read = await reader.chunk(connector, range, range.after, job.where, job.chunkRows);
      // A transaction that began before the low watermark may have written rows of this chunk below it;
      // the window stays open until every such transaction has ended, so the stream's events win.
      const older = read.running.filter((xid) => xid < low.nextXid);
      const deadline = Date.now() + (options.olderTransactionsMs ?? 60_000);
      let ended = await reader.ended(older);
      while (!ended && Date.now() < deadline && !this.stopping) {
        await delay(10);
        ended = await reader.ended(older);
      }
      pending.state = ended ? 'read' : 'held';
      pending.rows = read.rows;
      pending.lsn = low.lsn;
      await reader.watermark({ connector: connector.name, window, edge: 'high' });
      const result = await outcome;
      if ('retry' in result) throw new ChunkRetry(result.retry);
      if (!ended) throw new ChunkRetry(await this.blockedBy(reader, older));
      await port.published(result.seq);
      await this.completed(job, range, read, result.superseded);
    } finally {
      clearTimeout(timeout);
      this.pending.delete(window);
      this.windows.drop(window);
    }
  }

  /**
   * Notes (for health and metrics) that a chunk cannot be published while transactions older than it are
   * open, and returns why, naming the sessions so an operator can end an abandoned one.
   */
  private async blockedBy(reader: ChunkReader, xids: readonly bigint[]): Promise<string> {
    const holders = await reader.holders(xids).catch(() => []);
    const who = holders.length
      ? holders.map((h) => `pid ${h.pid} (${h.state ?? 'state unknown'}, open since ${h.since ?? '?'})`)
      : xids.map((x) => `xid ${x}`);
    const reason = `a chunk waits for transactions older than it to end: ${who.join(', ')}; an abandoned one can be ended with SELECT pg_terminate_backend(pid)`;
    this.progress.blocked = { since: this.progress.blocked?.since ?? Date.now(), reason };
    return reason;
  }

  /** Kafka holds the chunk's rows: the range moves past it, and the progress is saved. */
  private async completed(job: SnapshotJob, range: RangeProgress, read: ChunkRead, superseded: number) {
    this.progress.blocked = null;
    if (read.lastId !== null) range.after = read.lastId;
    if (read.rows.length < job.chunkRows) range.done = true;
    job.rowsRead += read.rows.length;
    job.chunksDone += 1;
    this.progress.rowsReadHere += read.rows.length;
    this.progress.rowsSuperseded += superseded;
    this.showProgress(job);
    await this.deps.save(this.deps.record);
  }

  /** The stream reached a chunk's high watermark: its rows the window did not change go to Kafka now. */
  private high(window: string): void {
    const changed = this.windows.high(window);
    const pending = this.pending.get(window);
    if (!pending) return;
    this.pending.delete(window);
    if (pending.state === 'held') {
      pending.settle({ seq: 0, kept: 0, superseded: 0 });
      return;
    }
    if (pending.state === 'reading') {
      // Only this process writes this window's high watermark, after the read: never expected here.
      pending.settle({ retry: 'the window closed before its chunk was read' });
      return;
    }
    if (changed === null || !this.port) {
      pending.settle({ retry: 'the stream did not see the whole window' });
      return;
    }
    const key = this.rowKey;
    const keep = changed.size === 0 ? pending.rows : pending.rows.filter((r) => !changed.has(key(r) ?? ''));
    const seq = keep.length > 0 ? this.port.publish(keep, pending.lsn) : 0;
    pending.settle({ seq, kept: keep.length, superseded: pending.rows.length - keep.length });
  }

  /** The running stream's port, waiting for the stream to (re)start; undefined once stopping or cancelled. */
  private async streaming(job: SnapshotJob): Promise<SnapshotPort | undefined> {
    const ended = () => this.stopping || this.cancelled.has(job.id);
    while (!this.port && !ended()) await new Promise<void>((wake) => this.portWaiters.push(wake));
    return ended() ? undefined : this.port;
  }

  /** Readers waiting for a stream look again (it started, or their job ended). */
  private wakeReaders(): void {
    for (const wake of this.portWaiters.splice(0)) wake();
  }

  private showProgress(job: SnapshotJob): void {
    const p = this.progress;
    p.job = job.id;
    p.reason = job.reason;
    p.rowsExpected = job.rowsExpected;
    p.rowsRead = job.rowsRead;
    p.chunksDone = job.chunksDone;
    p.chunksExpected = Math.max(job.chunksDone, Math.ceil(job.rowsExpected / job.chunkRows));
    p.rangesTotal = job.ranges.length;
    p.rangesDone = job.ranges.filter((r) => r.done).length;
    const seconds = (Date.now() - this.started.at) / 1000;
    p.rowsPerSecond = seconds > 0 ? (job.rowsRead - this.started.rows) / seconds : 0;
    const left = Math.max(0, p.rowsExpected - p.rowsRead);
    p.etaSeconds = p.rowsPerSecond > 0 ? left / p.rowsPerSecond : null;
  }

  private logProgress(job: SnapshotJob): void {
    this.showProgress(job);
    const p = this.progress;
    this.deps.log.info(
      {
        job: p.job,
        rows: p.rowsRead,
        expected: p.rowsExpected,
        ranges: `${p.rangesDone}/${p.rangesTotal}`,
        rowsPerSecond: Math.round(p.rowsPerSecond),
        etaSeconds: p.etaSeconds === null ? null : Math.round(p.etaSeconds),
      },
      'snapshot progress',
    );
  }
}
