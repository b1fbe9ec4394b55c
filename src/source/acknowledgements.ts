/** Waits for Kafka to acknowledge records up to a sequence number (sequence numbers only grow). */
export class Acknowledgements {
  private upTo = 0;
  private waiters: { seq: number; resolve: () => void; reject: (err: Error) => void }[] = [];

  /** Kafka acknowledged every record up to `seq`. */
  reached(seq: number): void {
    if (seq > this.upTo) this.upTo = seq;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.seq <= this.upTo) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  wait(seq: number): Promise<void> {
    if (seq <= this.upTo) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Nothing more will be acknowledged: everyone still waiting hears why. */
  fail(err: Error): void {
    for (const w of this.waiters.splice(0)) w.reject(err);
  }
}
