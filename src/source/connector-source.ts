import { setTimeout as delay } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import type { Connector } from '../connectors/connector.ts';
import type { RecordEncoder } from '../encode/encoder.ts';
import { formatLsn, parseLsn } from '../encode/lsn.ts';
import { backoffMs, dependencyBackoff } from '../util/backoff.ts';
import { Fifo } from '../util/fifo.ts';
import { log } from '../util/log.ts';
import { type Topics, toMessages } from './messages.ts';
import { PositionTracker } from './position.ts';
import { Publisher, type PublisherOptions } from './publisher.ts';
import { buildRecord, type ReadPosition } from './records.ts';
import { dropSlot, ensurePublication, SetupError, slotInfo } from './setup.ts';
import { createSlot, readSnapshot } from './snapshot.ts';
import type { KafkaStateStore, SourceState } from './state.ts';
import { SlotStream } from './stream.ts';

export type SnapshotMode = 'initial' | 'never' | 'initial_only';

export type SourceStats = {
  snapshotTotal: number;
  snapshotRead: number;
  changesRead: number;
  published: number;
  deadLettered: number;
  confirmedLsn: string;
  reconnects: number;
  /** Produce requests that failed after the client's own retries and were sent again. */
  produceRetries: number;
  /** Commit time (epoch ms) of the newest change Kafka has acknowledged. */
  lastPublishedCommitTime: number | null;
  readByOp: { c: number; u: number; d: number };
  state: 'starting' | 'snapshot' | 'streaming' | 'reconnecting' | 'stopped';
};

export type ConnectorSourceOptions = PublisherOptions & {
  snapshot: SnapshotMode;
  heartbeatMs: number;
  snapshotBatchRows?: number;
};

export type ConnectorSourceDeps = {
  connector: Connector;
  url: string;
  producer: Producer;
  encode: RecordEncoder;
  topics: Topics;
  state: KafkaStateStore;
  savedState: SourceState | undefined;
  options: ConnectorSourceOptions;
};

/**
 * One connector's source: publication and slot, the initial snapshot, then the stream, with
 * reconnects. A WAL position is confirmed to PostgreSQL only once Kafka holds every record before it.
 */
export class ConnectorSource {
  readonly stats: SourceStats = {
    snapshotTotal: 0,
    snapshotRead: 0,
    changesRead: 0,
    published: 0,
    deadLettered: 0,
    confirmedLsn: '0/0',
    reconnects: 0,
    produceRetries: 0,
    lastPublishedCommitTime: null,
    readByOp: { c: 0, u: 0, d: 0 },
    state: 'starting',
  };
  private stopping = false;
  private current:
    | { stream: SlotStream; publisher: Publisher; confirm: (force: boolean) => void }
    | undefined;
  private readonly log;
  readonly name: string;
  readonly slot: string;

  constructor(private readonly deps: ConnectorSourceDeps) {
    this.name = deps.connector.name;
    this.slot = deps.connector.slot;
    this.log = log.child({ connector: deps.connector.name });
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
          await this.snapshotIfNeeded();
          prepared = true;
          if (options.snapshot === 'initial_only') break;
        }
        await this.streamOnce();
      } catch (err) {
        // A SetupError (say, a publication this role may not create) will not mend itself: stop loudly.
        if (err instanceof SetupError) throw err;
        failure = err;
      }
      if (this.stopping) break;
      // A stream that ran a while counts as healthy: the backoff starts over.
      if (Date.now() - started > 60_000) attempt = 0;
      this.stats.state = 'reconnecting';
      this.stats.reconnects += 1;
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
    const current = this.current;
    if (!current) return;
    current.stream.pause(true);
    await current.publisher.flush();
    current.confirm(true);
    await current.stream.stop();
  }

  private async withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
    const db = new pg.Client({ connectionString: this.deps.url });
    await db.connect();
    try {
      return await work(db);
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  private async snapshotIfNeeded(): Promise<void> {
    const { connector, options, savedState, state } = this.deps;
    const slot = await this.withDatabase((db) => slotInfo(db, connector));
    const finished = slot.exists && !slot.lost && savedState?.slot === connector.slot;
    if (options.snapshot === 'initial_only') return this.snapshot(true);
    if (finished) return;
    if (slot.lost) {
      this.log.error(
        { slot: connector.slot },
        'the slot lost WAL it needed (max_slot_wal_keep_size): changes were missed; taking a new snapshot',
      );
    } else if (slot.exists) {
      this.log.warn(
        { slot: connector.slot },
        'slot found without a finished snapshot; taking the snapshot again',
      );
    }
    if (slot.exists) {
      // A slot without a finished snapshot (an earlier run died mid-snapshot), or a lost one: start again.
      await this.withDatabase((db) => dropSlot(db, connector));
    }
    if (options.snapshot === 'never') {
      const created = await createSlot(this.deps.url, connector, false);
      await state.save(this.stateRecord('skipped', created.consistentPoint));
      return;
    }
    await this.snapshot(false);
  }

  /** Publishes every existing row as an 'r' record, read in the snapshot exported with the slot. */
  private async snapshot(temporary: boolean): Promise<void> {
    const { connector, url, options } = this.deps;
    this.stats.state = 'snapshot';
    this.stats.snapshotRead = 0;
    const slot = await createSlot(url, connector, true, temporary);
    const started = Date.now();
    try {
      const at: ReadPosition = { lsn: formatLsn(slot.consistentPoint), txId: null, commitTime: null };
      const publisher = this.publisher(() => undefined);
      let seq = 0;
      const rows = readSnapshot(
        url,
        connector,
        slot.snapshotName as string,
        options.snapshotBatchRows ?? 5000,
        (n) => {
          this.stats.snapshotTotal = n;
        },
      );
      for await (const batch of rows) {
        for (const row of batch) publisher.add(++seq, this.messagesFor(buildRecord(connector, 'r', row, at)));
        this.stats.snapshotRead += batch.length;
        // Bounded memory: wait for Kafka when it falls behind the table scan.
        if (publisher.backlog() >= options.maxBuffered) await publisher.flush();
      }
      await publisher.flush();
    } finally {
      await slot.release();
    }
    if (!temporary) await this.deps.state.save(this.stateRecord('done', slot.consistentPoint));
    this.log.info(
      { rows: this.stats.snapshotRead, seconds: (Date.now() - started) / 1000 },
      'snapshot finished',
    );
  }

  private async streamOnce(): Promise<void> {
    const { connector, url, options } = this.deps;
    const start = await this.withDatabase((db) => slotInfo(db, connector));
    if (!start.exists) throw new Error(`slot ${connector.slot} disappeared`);
    const tracker = new PositionTracker(parseLsn(start.confirmedFlush ?? '0/0'));
    let confirmed = tracker.confirmable();
    const confirm = (force = false) => {
      const lsn = tracker.confirmable();
      if (!force && lsn === confirmed) return;
      confirmed = lsn;
      this.stats.confirmedLsn = formatLsn(lsn);
      stream.confirm(lsn);
    };
    // Commit times by the last sequence number of their transaction, to report how far Kafka is behind.
    const commitTimes = new Fifo<{ seq: number; time: number }>();
    const publisher = this.publisher((seq) => {
      tracker.publishedUpTo(seq);
      while (commitTimes.length > 0 && (commitTimes.peek()?.seq ?? Infinity) <= seq) {
        this.stats.lastPublishedCommitTime = commitTimes.shift()?.time ?? null;
      }
      confirm();
    });
    let tx: ReadPosition = { lsn: '0/0', txId: null, commitTime: null };
    const stream: SlotStream = new SlotStream(
      url,
      connector,
      {
        started: () => {
          this.stats.state = 'streaming';
          this.log.info({ from: formatLsn(tracker.confirmable()) }, 'streaming');
        },
        begin: () => tracker.begin(),
        change: (change) => {
          this.stats.changesRead += 1;
          this.stats.readByOp[change.op] += 1;
          tx = { lsn: formatLsn(change.lsn), txId: change.txId, commitTime: change.commitTime };
          publisher.add(tracker.issue(), this.messagesFor(buildRecord(connector, change.op, change.row, tx)));
        },
        commit: (endLsn) => {
          if (tx.commitTime !== null) commitTimes.push({ seq: tracker.issued, time: tx.commitTime });
          tracker.commit(endLsn);
          confirm();
        },
        keepalive: (walEnd, replyRequested) => {
          tracker.idle(walEnd);
          confirm(replyRequested);
        },
      },
      (err) => this.log.warn({ err }, 'replication connection error'),
    );
    this.current = { stream, publisher, confirm };
    publisher.onPressure = (paused) => stream.pause(paused);
    // Confirms even when no keepalive comes, so an idle slot never holds WAL for long.
    const heartbeat = setInterval(() => confirm(true), options.heartbeatMs);
    try {
      await stream.run();
    } finally {
      clearInterval(heartbeat);
      // Whatever was read goes to Kafka and is confirmed before this stream is left behind.
      await publisher.flush();
      confirm(true);
      await stream.stop().catch(() => undefined);
      this.current = undefined;
    }
  }

  private publisher(onPublished: (seq: number) => void): Publisher {
    return new Publisher(this.deps.producer, this.deps.options, {
      published: (seq, messages) => {
        this.stats.published += messages;
        onPublished(seq);
      },
      retry: () => {
        this.stats.produceRetries += 1;
      },
    });
  }

  private messagesFor(built: ReturnType<typeof buildRecord>) {
    if (built.kind === 'dead-letter') {
      this.stats.deadLettered += 1;
      this.log.warn(
        { rowId: built.key, reason: built.deadLetter.reason },
        'row sent to the dead-letter topic',
      );
    }
    return toMessages(built, this.deps.connector.kind, this.deps.topics, this.deps.encode);
  }

  private stateRecord(snapshot: SourceState['snapshot'], consistentPoint: bigint): SourceState {
    return {
      connector: this.deps.connector.name,
      slot: this.deps.connector.slot,
      snapshot,
      consistentPoint: formatLsn(consistentPoint),
      at: new Date().toISOString(),
    };
  }
}
