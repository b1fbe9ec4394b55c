import type { TableConnector } from '../../connectors/connector.ts';
import type { Op } from '../../encode/change-record.ts';
import { Fifo } from '../../util/fifo.ts';
import type { Outgoing } from '../messages.ts';
import type { Publisher } from '../publisher.ts';
import type { ReadPosition } from '../records.ts';
import type { Row } from '../row.ts';
import type { BuildPool } from './pool.ts';
import type { BuildItem, BuiltRow, Letter } from './protocol.ts';

/** Rows sent to a worker at once: enough to make the hand-over cheap per row, few enough to stay prompt. */
const batchRows = 256;

type Batch = { seqs: number[]; items: BuildItem[]; built: BuiltRow[] | null };

export type RowFeedDeps = {
  connector: TableConnector;
  publisher: Publisher;
  /** Builds the pool's workers share; none: every row is built on this thread, at once. */
  pool: BuildPool | undefined;
  /** One row's messages, built on this thread (no pool, or its worker failed). */
  buildHere(op: Op, row: Row, at: ReadPosition): Outgoing[];
  /** A row a worker built as a dead letter (logged as buildHere logs its own). */
  letter(letter: Letter): void;
  /** Above this many rows waiting to be built, the reader is asked to pause. */
  maxPending: number;
};

/**
 * Hands the publisher each row's messages in the order the rows were read, whatever order the workers
 * finish in: rows are built in batches on the build pool while the replication thread reads on, and a
 * batch is published only once every batch before it has been. The reader is paused while either the
 * rows waiting to be built or the publisher's backlog is too long.
 */
export class RowFeed {
  private readonly batches = new Fifo<Batch>();
  private open: Batch | null = null;
  private pending = 0;
  private feedFull = false;
  private publisherFull = false;
  private paused = false;
  private drained: (() => void)[] = [];
  /** Told when the reader should pause (true) and may resume (false). */
  onPressure: (paused: boolean) => void = () => undefined;

  constructor(private readonly deps: RowFeedDeps) {
    deps.publisher.onPressure = (full) => {
      this.publisherFull = full;
      this.pressure();
    };
  }

  /** Queues one row read (synchronous: keeps the reader's order). */
  add(seq: number, op: Op, row: Row, at: ReadPosition): void {
    const { pool, publisher } = this.deps;
    if (!pool) {
      publisher.add(seq, this.deps.buildHere(op, row, at), at);
      return;
    }
    if (!this.open) {
      this.open = { seqs: [], items: [], built: null };
      setImmediate(() => this.dispatch());
    }
    this.open.seqs.push(seq);
    this.open.items.push({ op, row, at });
    this.pending += 1;
    if (this.open.items.length >= batchRows) this.dispatch();
    if (!this.feedFull && this.pending >= this.deps.maxPending) {
      this.feedFull = true;
      this.pressure();
    }
  }

  /** Rows read and not yet acknowledged by Kafka (waiting to be built, or in the publisher). */
  backlog(): number {
    return this.pending + this.deps.publisher.backlog();
  }

  /** Resolves once every row added so far is built and acknowledged (rejects as the publisher's flush does). */
  async flush(): Promise<void> {
    this.dispatch();
    if (this.batches.length > 0) await new Promise<void>((done) => this.drained.push(done));
    await this.deps.publisher.flush();
  }

  private dispatch(): void {
    const batch = this.open;
    if (!batch || !this.deps.pool) return;
    this.open = null;
    this.batches.push(batch);
    this.deps.pool.build(this.deps.connector.name, batch.items).then(
      (built) => {
        batch.built = built;
        for (const b of built) if (b.letter) this.deps.letter(b.letter);
        this.release();
      },
      () => {
        // The worker failed (it is replaced): this batch is built here, as without a pool.
        batch.built = batch.items.map(({ op, row, at }) => ({ messages: this.deps.buildHere(op, row, at) }));
        this.release();
      },
    );
  }

  /** Publishes the built batches at the head of the queue, in order. */
  private release(): void {
    const { publisher } = this.deps;
    for (let head = this.batches.peek(); head?.built; head = this.batches.peek()) {
      this.batches.shift();
      head.built.forEach((b, i) => {
        publisher.add(head.seqs[i] as number, b.messages, head.items[i]?.at);
      });
      this.pending -= head.items.length;
    }
    if (this.feedFull && this.pending <= this.deps.maxPending / 2) {
      this.feedFull = false;
      this.pressure();
    }
    if (this.batches.length === 0) for (const done of this.drained.splice(0)) done();
  }

  private pressure(): void {
    const paused = this.feedFull || this.publisherFull;
    if (paused === this.paused) return;
    this.paused = paused;
    this.onPressure(paused);
  }
}
