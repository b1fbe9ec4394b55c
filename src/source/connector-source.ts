import { setTimeout as delay } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import type pg from 'pg';
import type { TableConnector } from '../connectors/connector.ts';
import type { DeadLetterCategory, Op } from '../encode/change-record.ts';
import { deadLetter } from '../encode/dead-letter.ts';
import { formatLsn, type Lsn, parseLsn } from '../encode/lsn.ts';
import { rowKeyOf } from '../kinds/keys.ts';
import { backoffMs, dependencyBackoff } from '../util/backoff.ts';
import { FatalError } from '../util/fatal.ts';
import { Fifo } from '../util/fifo.ts';
import { log } from '../util/log.ts';
import { pgClient } from '../util/pg-client.ts';
import { Acknowledgements } from './acknowledgements.ts';
import type { BuildPool } from './build/pool.ts';
import { RowFeed } from './build/row-feed.ts';
import { type Outgoing, type RowEncoding, rowMessages, toMessages } from './messages.ts';
import { PositionTracker } from './position.ts';
import { Publisher, type PublisherOptions } from './publisher.ts';
import { type ReadPosition, sourcePosition } from './records.ts';
import type { Row } from './row.ts';
import { dropSlot, ensurePublication, slotInfo } from './setup.ts';
import { createSlot } from './slot.ts';
import { SnapshotEngine, type SnapshotPort, type SnapshotProgress } from './snapshot/engine.ts';
import { newJob, type SnapshotRecord, snapshotRecordKey } from './snapshot/job.ts';
import type { KafkaStateStore, SourceState } from './state.ts';
import { SlotStream } from './stream.ts';

export type SnapshotMode = 'initial' | 'never' | 'initial_only';

export type SourceStats = {
  /** The snapshot job being read (initial, backfill, after a lost slot). */
  snapshot: SnapshotProgress;
  /** Slots found lost or gone and created again (a snapshot of the table follows each). */
  slotsRecreated: number;
  changesRead: number;
  published: number;
  /** Dead letters Kafka acknowledged, in all and by category. */
  deadLettered: number;
  deadLetters: Partial<Record<DeadLetterCategory, number>>;
  confirmedLsn: string;
  reconnects: number;
  /** Produce requests that failed after the client's own retries and were sent again. */
  produceRetries: number;
  /** Commit time (epoch ms) of the newest change Kafka has acknowledged. */
  lastPublishedCommitTime: number | null;
  readByOp: { c: number; u: number; d: number };
  state: 'starting' | 'snapshot' | 'streaming' | 'reconnecting' | 'stopped';
  /** Records read and not yet acknowledged by Kafka. */
  backlog: number;
  /** When the connector last moved (epoch ms): Kafka acknowledged records, or it had nothing to do. */
  lastProgressAt: number;
  /** Why the connector is not streaming, while it is not (the last failure), for health and logs. */
  problem: string | null;
};

export type ConnectorSourceOptions = Omit<PublisherOptions, 'maxRequestBytes'> & {
  snapshot: SnapshotMode;
  heartbeatMs: number;
  /** Connections reading snapshot chunks at the same time. */
  snapshotReaders: number;
  /** Rows per snapshot chunk (read in one query, held until the stream reaches its high watermark). */
  snapshotChunkRows: number;
  /** Slots are created with failover (PostgreSQL 17+). */
  slotFailover: boolean;
};

export type ConnectorSourceDeps = {
  connector: TableConnector;
  url: string;
  /** This connector's own producer: another connector's trouble never queues behind it. */
  producer: Producer;
  encoding: RowEncoding;
  state: KafkaStateStore;
  savedState: SourceState | undefined;
  savedSnapshots: SnapshotRecord;
  options: ConnectorSourceOptions;
  /** Worker threads that build the rows' messages; none: they are built on the replication thread. */
  pool?: BuildPool | undefined;
};

/** The slot is gone or lost its WAL: it is set up again, and the table read again. */
class SlotGone extends Error {}

/**
 * One connector's source: publication and slot, the initial snapshot, then the stream, with
 * reconnects. A WAL position is confirmed to PostgreSQL only once Kafka holds every record before it.
 */
export class ConnectorSource {
  readonly stats: SourceStats;
  private readonly initialStats: Omit<SourceStats, 'snapshot'> = {
    slotsRecreated: 0,
    changesRead: 0,
    published: 0,
    deadLettered: 0,
    deadLetters: {},
    confirmedLsn: '0/0',
    reconnects: 0,
    produceRetries: 0,
    lastPublishedCommitTime: null,
    readByOp: { c: 0, u: 0, d: 0 },
    state: 'starting',
    backlog: 0,
    lastProgressAt: Date.now(),
    problem: null,
  };
  private readonly engine: SnapshotEngine;
  private savedState: SourceState | undefined;
  private stopping = false;
  private current: { stream: SlotStream; feed: RowFeed; confirm: (force: boolean) => void } | undefined;
  private readonly log;
  private readonly rowKey: ReturnType<typeof rowKeyOf>;
  readonly name: string;
  readonly slot: string;

  constructor(private readonly deps: ConnectorSourceDeps) {
    this.name = deps.connector.name;
    this.slot = deps.connector.slot;
    this.log = log.child({ connector: deps.connector.name });
    this.rowKey = rowKeyOf(deps.connector.kind);
    this.savedState = deps.savedState;
    this.engine = this.snapshotEngine(deps.savedSnapshots, (record) =>
      deps.state.save(snapshotRecordKey(deps.connector.name), record),
    );
    this.stats = { ...this.initialStats, snapshot: this.engine.progress };
  }

  /** The snapshot jobs of this connector (for status and tests). */
  get snapshots(): SnapshotRecord {
    return this.engine.record;
  }

  private snapshotEngine(record: SnapshotRecord, save: (r: SnapshotRecord) => Promise<void>): SnapshotEngine {
    const { connector, url, options } = this.deps;
    return new SnapshotEngine({
      connector,
      url,
      record,
      save,
      log: this.log,
      options: {
        readers: options.snapshotReaders,
        chunkRows: options.snapshotChunkRows,
        maxBuffered: options.maxBuffered,
      },
    });
  }

  /** Runs until `stop()`: snapshot (per mode), then streams; dependency failures are retried. */
  async run(): Promise<void> {
    const { connector, options } = this.deps;
    let prepared = false;
    for (let attempt = 0; !this.stopping; attempt++) {
      const started = Date.now();
      let failure: unknown = new Error('the server ended the replication stream');
      try {
        if (!prepared) {
          await this.withDatabase((db) => ensurePublication(db, connector));
          if (options.snapshot === 'initial_only') {
            await this.exportedSnapshot();
            break;
          }
          await this.prepareSlot();
          prepared = true;
        }
        await this.streamOnce();
      } catch (err) {
        if (err instanceof SlotGone) {
          prepared = false;
          attempt = -1;
          continue;
        }
        // A publication this role may not create, a refused Kafka credential: retrying cannot mend it.
        if (err instanceof FatalError) {
          this.stats.problem = err.message;
          this.stats.state = 'stopped';
          throw err;
        }
        failure = err;
      }
      if (this.stopping) break;
      // A stream that ran a while counts as healthy: the backoff starts over.
      if (Date.now() - started > 60_000) attempt = 0;
      this.stats.state = 'reconnecting';
      this.stats.reconnects += 1;
      this.stats.problem = (failure as Error)?.message ?? String(failure);
      const waitMs = backoffMs(attempt, { ...dependencyBackoff, jitter: false });
      this.log.warn(
        { err: failure, waitMs },
        prepared ? 'replication stream ended; reconnecting' : 'set-up failed; retrying',
      );
      await delay(waitMs);
    }
    this.stats.state = 'stopped';
  }

  /** Stops reading, sends what was read, confirms the slot, and returns once the stream has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.engine.stop();
    const current = this.current;
    if (!current) return;
    current.stream.pause(true);
    await current.feed.flush();
    current.confirm(true);
    await current.stream.stop();
  }

  private async withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
    const db = pgClient({ connectionString: this.deps.url });
    await db.connect();
    try {
      return await work(db);
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  /**
   * Makes sure the slot this connector streams from exists and is the one its saved state is for. A new
   * slot (first start, or after the old one was lost or dropped) gets a snapshot job for the whole table,
   * read beside the stream; the state says "pending" meanwhile, so a crash halfway sets it up again.
   */
  private async prepareSlot(): Promise<void> {
    const { connector, options } = this.deps;
    const slot = await this.withDatabase((db) => slotInfo(db, connector));
    const saved = this.savedState;
    if (slot.exists && !slot.lost && saved?.slot === connector.slot && saved.snapshot !== 'pending') return;
    let reason: 'initial' | 'slot-recreated' = 'initial';
    if (slot.lost) {
      reason = 'slot-recreated';
      this.log.error(
        { slot: connector.slot },
        'the slot lost WAL it needed (max_slot_wal_keep_size): changes were missed; creating it again and reading the table again',
      );
    } else if (!slot.exists && saved?.slot === connector.slot && saved.snapshot !== 'pending') {
      reason = 'slot-recreated';
      this.log.error(
        { slot: connector.slot },
        'the slot is gone (dropped outside profile-cdc): changes may have been missed; creating it again and reading the table again',
      );
    } else if (slot.exists) {
      this.log.warn({ slot: connector.slot }, 'slot found without a finished set-up; setting it up again');
    }
    await this.saveState('pending', 0n);
    if (slot.exists) await this.withDatabase((db) => dropSlot(db, connector));
    // Jobs for the old slot: the new one's snapshot reads the whole table anyway.
    await this.engine.cancelAll(['initial', 'slot-recreated']);
    const created = await createSlot(this.deps.url, connector, false, false, options.slotFailover);
    if (reason === 'slot-recreated') this.stats.slotsRecreated += 1;
    const skip = options.snapshot === 'never' && reason === 'initial';
    if (!skip) {
      const id = `${reason}-${formatLsn(created.consistentPoint)}`;
      await this.engine.request(newJob(id, reason, null, options.snapshotChunkRows));
    }
    await this.saveState(skip ? 'skipped' : 'online', created.consistentPoint);
  }

  /** snapshot initial_only: every row read in the snapshot exported with a temporary slot; no stream. */
  private async exportedSnapshot(): Promise<void> {
    const { connector, url } = this.deps;
    this.stats.state = 'snapshot';
    const slot = await createSlot(url, connector, true, true);
    const engine = this.snapshotEngine({ connector: connector.name, jobs: [] }, async () => undefined);
    this.stats.snapshot = engine.progress;
    const acks = new Acknowledgements();
    const feed = this.feed(this.publisher((seq) => acks.reached(seq)));
    let seq = 0;
    const port: SnapshotPort = {
      publish: (rows, lsn) => {
        const at: ReadPosition = { lsn: formatLsn(lsn), txId: null, commitTime: null };
        for (const row of rows) feed.add(++seq, 'r', row, at);
        return seq;
      },
      published: (upTo) => acks.wait(upTo),
      backlog: () => feed.backlog(),
    };
    try {
      await engine.exported(port, slot.snapshotName as string, slot.consistentPoint);
      await feed.flush();
    } finally {
      await engine.stop();
      await slot.release();
    }
  }

  private async streamOnce(): Promise<void> {
    const { connector, url, options } = this.deps;
    const start = await this.withDatabase((db) => slotInfo(db, connector));
    if (!start.exists || start.lost) throw new SlotGone(`slot ${connector.slot} is gone or lost`);
    const tracker = new PositionTracker(parseLsn(start.confirmedFlush ?? '0/0'));
    let confirmed = tracker.confirmable();
    const confirm = (force = false) => {
      const lsn = tracker.confirmable();
      if (lsn < confirmed || (!force && lsn === confirmed)) return;
      confirmed = lsn;
      this.stats.confirmedLsn = formatLsn(lsn);
      stream.confirm(lsn);
    };
    // Commit times by the last sequence number of their transaction, to report how far Kafka is behind.
    const commitTimes = new Fifo<{ seq: number; time: number }>();
    const acks = new Acknowledgements();
    const publisher = this.publisher((seq) => {
      tracker.publishedUpTo(seq);
      acks.reached(seq);
      while (commitTimes.length > 0 && (commitTimes.peek()?.seq ?? Infinity) <= seq) {
        this.stats.lastPublishedCommitTime = commitTimes.shift()?.time ?? null;
      }
      confirm();
    });
    const feed = this.feed(publisher);
    let tx: ReadPosition = { lsn: '0/0', txId: null, commitTime: null };
    const stream: SlotStream = new SlotStream(
      url,
      connector,
      {
        started: () => {
          this.stats.state = 'streaming';
          this.stats.problem = null;
          this.stats.lastProgressAt = Date.now();
          this.log.info({ from: formatLsn(tracker.confirmable()) }, 'streaming');
          this.engine.attach(port);
        },
        begin: () => tracker.begin(),
        change: (change) => {
          this.stats.changesRead += 1;
          this.stats.readByOp[change.op] += 1;
          tx = { lsn: formatLsn(change.lsn), txId: change.txId, commitTime: change.commitTime };
          feed.add(tracker.issue(), change.op, change.row, tx);
          this.stats.backlog = feed.backlog();
          this.engine.changed(this.rowKey(change.row) ?? '');
        },
        message: (prefix, content, lsn) => {
          // A signal (backfill, cancel) read but not yet saved: a crash before the save must read it again.
          const saving = this.engine.message(prefix, content);
          if (!saving) return;
          tracker.hold(lsn);
          void saving.finally(() => {
            tracker.release(lsn);
            confirm();
          });
        },
        commit: (endLsn) => {
          if (tx.commitTime !== null) commitTimes.push({ seq: tracker.issued, time: tx.commitTime });
          tracker.commit(endLsn);
          confirm();
        },
        keepalive: (walEnd, replyRequested) => {
          tracker.idle(walEnd);
          confirm(replyRequested);
          if (tracker.pending() === 0) this.stats.lastProgressAt = Date.now();
        },
      },
      (err) => this.log.warn({ err }, 'replication connection error'),
    );
    // Snapshot chunks publish through the stream's publisher, in its order, versioned at their low watermark.
    const port: SnapshotPort = {
      publish: (rows, lsn) => {
        const at: ReadPosition = { lsn: formatLsn(lsn), txId: null, commitTime: null };
        for (const row of rows) feed.add(tracker.issue(), 'r', row, at);
        this.stats.backlog = feed.backlog();
        return tracker.issued;
      },
      published: (seq) => acks.wait(seq),
      backlog: () => feed.backlog(),
    };
    this.current = { stream, feed, confirm };
    feed.onPressure = (paused) => stream.pause(paused);
    // Kafka refused something for good: the stream ends, and run() reports it.
    publisher.onFailure = () => void stream.stop().catch(() => undefined);
    // Confirms even when no keepalive comes, so an idle slot never holds WAL for long.
    const heartbeat = setInterval(() => confirm(true), options.heartbeatMs);
    try {
      await stream.run();
      await feed.flush(); // rejects with the publisher's failure, if it stopped for good
    } catch (err) {
      // The publisher stopping for good ends the stream too; its failure is the one to report.
      throw (await feed.flush().then(
        () => err,
        (failure: unknown) => failure,
      )) as Error;
    } finally {
      clearInterval(heartbeat);
      this.engine.detach();
      // Whatever was read goes to Kafka and is confirmed before this stream is left behind (a publisher
      // that stopped for good has already said why, above).
      await feed.flush().catch(() => undefined);
      confirm(true);
      acks.fail(new Error('the replication stream ended'));
      await stream.stop().catch(() => undefined);
      this.current = undefined;
    }
  }

  /** Rows to the publisher in read order, built on the build pool's workers when there is one. */
  private feed(publisher: Publisher): RowFeed {
    return new RowFeed({
      connector: this.deps.connector,
      publisher,
      pool: this.deps.pool,
      buildHere: (op, row, at) => this.messagesFor(op, row, at),
      letter: ({ key, category, reason }) =>
        this.log.warn({ rowId: key, category, reason }, 'row sent to the dead-letter topic'),
      maxPending: this.bufferShare(),
    });
  }

  /**
   * source.maxBuffered bounds the rows between the slot and Kafka: with build workers, half may wait to
   * be built and half in the publisher; without, all of it is the publisher's.
   */
  private bufferShare(): number {
    const { maxBuffered } = this.deps.options;
    return this.deps.pool ? Math.max(1, Math.floor(maxBuffered / 2)) : maxBuffered;
  }

  private publisher(onPublished: (seq: number) => void): Publisher {
    const { maxBytes } = this.deps.encoding;
    const options = {
      ...this.deps.options,
      maxBuffered: this.bufferShare(),
      maxRequestBytes: Math.min(maxBytes.records, maxBytes.deadLetter),
    };
    const publisher: Publisher = new Publisher(this.deps.producer, options, {
      published: (seq, acked) => {
        this.stats.published += acked.length;
        for (const o of acked) if (o.deadLetter) this.deadLettered(o.deadLetter);
        this.stats.backlog = this.current?.feed.backlog() ?? publisher.backlog();
        this.stats.lastProgressAt = Date.now();
        onPublished(seq);
      },
      retry: (err) => {
        this.stats.produceRetries += 1;
        this.stats.problem = `Kafka: ${err.message}`;
      },
      refused: (out, at, reason) => this.refusedLetter(out, at, reason),
    });
    return publisher;
  }

  private deadLettered(category: DeadLetterCategory): void {
    this.stats.deadLettered += 1;
    this.stats.deadLetters[category] = (this.stats.deadLetters[category] ?? 0) + 1;
  }

  /** A row's messages (its record's, or its dead letter's); a dead letter is logged with its reason. */
  private messagesFor(op: Op, row: Row, at: ReadPosition): Outgoing[] {
    const { built, messages } = rowMessages(this.deps.connector, op, row, at, this.deps.encoding);
    if (built.kind === 'dead-letter') {
      const { reason, category } = built.deadLetter;
      this.log.warn({ rowId: built.key, category, reason }, 'row sent to the dead-letter topic');
    }
    return messages;
  }

  /** The dead letter sent in place of a record Kafka refused for good; it holds the record's Avro (base64). */
  private refusedLetter(out: readonly Outgoing[], at: ReadPosition | undefined, reason: string): Outgoing[] {
    const { connector, encoding } = this.deps;
    const first = out[0]?.message;
    const key = first?.key === undefined || first.key === null ? null : String(first.key);
    const op = (first?.headers?.op as Op | undefined) ?? null;
    const letter = deadLetter(
      {
        category: 'kafka-refused',
        reason: `Kafka refused the record: ${reason}`,
        raw: first?.value ? Buffer.from(first.value).toString('base64') : null,
        kind: connector.kind,
        op,
        source: sourcePosition(connector, at ?? { lsn: '0/0', txId: null, commitTime: null }),
        rowId: key,
      },
      encoding.letters,
    );
    this.log.error(
      { rowId: key, reason },
      'Kafka refused a record for good; it goes to the dead-letter topic',
    );
    return toMessages(
      { kind: 'dead-letter', key, deadLetter: letter },
      connector.kind,
      encoding.topics,
      encoding.encode,
    );
  }

  private async saveState(snapshot: SourceState['snapshot'], consistentPoint: Lsn): Promise<void> {
    const state: SourceState = {
      connector: this.deps.connector.name,
      slot: this.deps.connector.slot,
      snapshot,
      consistentPoint: formatLsn(consistentPoint),
      at: new Date().toISOString(),
    };
    await this.deps.state.save(state.connector, state);
    this.savedState = state;
  }
}
