import type { Lsn } from '../encode/lsn.ts';

/**
 * Decides which WAL position may be confirmed to PostgreSQL: a position is safe once Kafka has
 * acknowledged every record read before it. Records get increasing sequence numbers as they are read;
 * a commit (or an idle keepalive) leaves a checkpoint "position P is safe once record S is in Kafka".
 */
export class PositionTracker {
  private issuedCount = 0;
  private published = 0;
  private readonly checkpoints: { seq: number; lsn: Lsn }[] = [];
  private safe: Lsn;
  private inTransaction = false;
  private readonly holds = new Set<Lsn>();

  constructor(start: Lsn) {
    this.safe = start;
  }

  /** A record was read; returns its sequence number (1, 2, ...). */
  issue(): number {
    this.issuedCount += 1;
    return this.issuedCount;
  }

  /** A transaction's first message arrived; keepalives say nothing safe until its commit. */
  begin(): void {
    this.inTransaction = true;
  }

  /** A transaction ended at `lsn`: safe once every record issued so far is published. */
  commit(lsn: Lsn): void {
    this.inTransaction = false;
    const last = this.checkpoints.at(-1);
    if (last && last.seq === this.issuedCount) last.lsn = lsn > last.lsn ? lsn : last.lsn;
    else this.checkpoints.push({ seq: this.issuedCount, lsn });
    this.advance();
  }

  /**
   * The server's WAL end on a keepalive: safe only between transactions with nothing unpublished
   * (a transaction being streamed commits below that WAL end, and would be skipped on restart).
   */
  idle(lsn: Lsn): void {
    if (
      !this.inTransaction &&
      this.published === this.issuedCount &&
      this.checkpoints.length === 0 &&
      lsn > this.safe
    )
      this.safe = lsn;
  }

  /** Kafka acknowledged every record up to and including `seq`. */
  publishedUpTo(seq: number): void {
    if (seq > this.published) this.published = seq;
    this.advance();
  }

  /**
   * Something read at `lsn` is not safe yet for reasons of its own (a signal being saved): nothing at or
   * past it may be confirmed until `release(lsn)`.
   */
  hold(lsn: Lsn): void {
    this.holds.add(lsn);
  }

  release(lsn: Lsn): void {
    this.holds.delete(lsn);
  }

  /** The highest position that may be confirmed now. */
  confirmable(): Lsn {
    let lsn = this.safe;
    for (const held of this.holds) if (held <= lsn) lsn = held - 1n;
    return lsn;
  }

  /** Sequence number of the last record read. */
  get issued(): number {
    return this.issuedCount;
  }

  /** Records read but not yet acknowledged by Kafka. */
  pending(): number {
    return this.issuedCount - this.published;
  }

  private advance(): void {
    while (this.checkpoints.length > 0 && (this.checkpoints[0]?.seq ?? Infinity) <= this.published) {
      const { lsn } = this.checkpoints.shift() as { seq: number; lsn: Lsn };
      if (lsn > this.safe) this.safe = lsn;
    }
  }
}
