import { setTimeout as delay } from 'node:timers/promises';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { type BackoffPolicy, backoffMs, dependencyBackoff } from '../util/backoff.ts';
import { Fifo } from '../util/fifo.ts';
import { log } from '../util/log.ts';

export type Outgoing = { topic: string; message: Message };

export type PublisherOptions = {
  /** Most messages in one produce request. */
  batchSize: number;
  /** How long to wait for a batch to fill once the first message is queued. */
  lingerMs: number;
  /** Above this many queued messages `onPressure(true)` asks the reader to pause. */
  maxBuffered: number;
  /** Waits between attempts of a failed produce request. */
  retry?: BackoffPolicy;
};

export type PublisherEvents = {
  /** Every message added with a sequence number up to `seq` is acknowledged by all in-sync replicas. */
  published(seq: number, messages: number): void;
  /** A produce request failed after the client's own retries; it is retried after `waitMs`. */
  retry(err: Error, waitMs: number): void;
};

type Queued = { seq: number; out: Outgoing[] };

/**
 * Sends records to Kafka in order, in batches, one request in flight, acks=all. A failed request is
 * retried with exponential backoff forever (never dropped, never reordered): the reader pauses meanwhile.
 */
export class Publisher {
  private queue = new Fifo<Queued>();
  private queued = 0;
  private paused = false;
  private active = false;
  private idleWaiters: (() => void)[] = [];
  private batchFull: (() => void) | undefined;
  /** Told when the backlog crosses maxBuffered (pause the reader) and falls back to half (resume). */
  onPressure: (paused: boolean) => void = () => undefined;

  constructor(
    private readonly producer: Pick<Producer, 'sendBatch'>,
    private readonly options: PublisherOptions,
    private readonly events: PublisherEvents,
  ) {}

  /** Queues the messages of one source record (synchronous: keeps the reader's order). */
  add(seq: number, out: Outgoing[]): void {
    this.queue.push({ seq, out });
    this.queued += out.length;
    if (!this.paused && this.queued >= this.options.maxBuffered) {
      this.paused = true;
      this.onPressure(true);
    }
    if (this.queued >= this.options.batchSize) this.batchFull?.();
    if (!this.active) {
      this.active = true;
      void this.loop();
    }
  }

  /** Records queued and not yet acknowledged. */
  backlog(): number {
    return this.queued;
  }

  /** Resolves once everything queued so far is acknowledged. */
  flush(): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async loop(): Promise<void> {
    for (;;) {
      // Deciding to stop and clearing `active` happen in one synchronous step, so a record added
      // at any moment is either taken by this loop or starts the next one.
      if (this.queue.length === 0) {
        this.active = false;
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        return;
      }
      if (this.queued < this.options.batchSize && this.options.lingerMs > 0) {
        await Promise.race([
          delay(this.options.lingerMs),
          new Promise<void>((resolve) => {
            this.batchFull = resolve;
          }),
        ]);
        this.batchFull = undefined;
      }
      const batch = this.take();
      await this.send(batch);
      const last = batch.at(-1);
      if (last)
        this.events.published(
          last.seq,
          batch.reduce((n, q) => n + q.out.length, 0),
        );
      if (this.paused && this.queued < this.options.maxBuffered / 2) {
        this.paused = false;
        this.onPressure(false);
      }
    }
  }

  private take(): Queued[] {
    const batch: Queued[] = [];
    let count = 0;
    while (
      this.queue.length > 0 &&
      (count === 0 || count + (this.queue.peek()?.out.length ?? 0) <= this.options.batchSize)
    ) {
      const next = this.queue.shift() as Queued;
      batch.push(next);
      count += next.out.length;
    }
    this.queued -= count;
    return batch;
  }

  private async send(batch: Queued[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { out } of batch) {
      for (const { topic, message } of out) {
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
      }
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    if (topicMessages.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.producer.sendBatch({ topicMessages, acks: -1 });
        return;
      } catch (err) {
        const waitMs = backoffMs(attempt, this.options.retry ?? dependencyBackoff);
        this.events.retry(err as Error, waitMs);
        log.warn({ err, attempt, waitMs }, 'Kafka produce failed; retrying');
        await delay(waitMs);
      }
    }
  }
}
