import { setTimeout as delay } from 'node:timers/promises';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { classifyKafkaError, kafkaFailureText } from '../kafka/errors.ts';
import { type BackoffPolicy, backoffMs, dependencyBackoff } from '../util/backoff.ts';
import { FatalError } from '../util/fatal.ts';
import { Fifo } from '../util/fifo.ts';
import { log } from '../util/log.ts';
import { messageBytes, type Outgoing } from './messages.ts';
import type { ReadPosition } from './records.ts';

export type PublisherOptions = {
  /** Most messages in one produce request. */
  batchSize: number;
  /** Most bytes in one produce request, so that no partition's record batch can exceed a topic's limit. */
  maxRequestBytes: number;
  /** How long to wait for a batch to fill once the first message is queued. */
  lingerMs: number;
  /** Above this many queued messages `onPressure(true)` asks the reader to pause. */
  maxBuffered: number;
  /** Waits between attempts of a failed produce request. */
  retry?: BackoffPolicy;
};

export type PublisherEvents = {
  /** Every message added with a sequence number up to `seq` is acknowledged; `acked` are this batch's. */
  published(seq: number, acked: readonly Outgoing[]): void;
  /** A produce request failed for now; it is sent again after `waitMs`. */
  retry(err: Error, waitMs: number): void;
  /** Kafka refused a record for good (too large, invalid, not authorised): the messages that replace it. */
  refused(out: readonly Outgoing[], at: ReadPosition | undefined, reason: string): Outgoing[];
};

type Queued = {
  seq: number;
  out: Outgoing[];
  bytes: number;
  at: ReadPosition | undefined;
  replaced?: boolean;
};

/**
 * Sends records to Kafka in order, in batches bounded by count and bytes, one request in flight, acks=all.
 * A request that fails for now is retried with backoff (the reader pauses meanwhile). One Kafka refuses for
 * good is split until the record at fault is alone, and that record's dead letter is sent in its place:
 * nothing is dropped, nothing reordered, and one bad record never holds back the ones behind it. A failure
 * no retry can mend (authentication, cluster authorisation, a refused dead letter) stops the publisher.
 */
export class Publisher {
  private queue = new Fifo<Queued>();
  private queued = 0;
  private paused = false;
  private active = false;
  private failure: Error | undefined;
  private idleWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private batchFull: (() => void) | undefined;
  /** Told when the backlog crosses maxBuffered (pause the reader) and falls back to half (resume). */
  onPressure: (paused: boolean) => void = () => undefined;
  /** Told once when the publisher stops for good. */
  onFailure: (err: Error) => void = () => undefined;

  constructor(
    private readonly producer: Pick<Producer, 'sendBatch'>,
    private readonly options: PublisherOptions,
    private readonly events: PublisherEvents,
  ) {}

  /** Queues the messages of one source record (synchronous: keeps the reader's order). */
  add(seq: number, out: Outgoing[], at?: ReadPosition): void {
    if (this.failure) return;
    let bytes = 0;
    for (const o of out) bytes += messageBytes(o.message);
    this.queue.push({ seq, out, bytes, at });
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

  /** Resolves once everything queued so far is acknowledged; rejects if the publisher stopped for good. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.active) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  private async loop(): Promise<void> {
    try {
      await this.drain();
    } catch (err) {
      this.failure = err as Error;
      this.active = false;
      for (const waiter of this.idleWaiters.splice(0)) waiter.reject(this.failure);
      this.onFailure(this.failure);
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      // Deciding to stop and clearing `active` happen in one synchronous step, so a record added
      // at any moment is either taken by this loop or starts the next one.
      if (this.queue.length === 0) {
        this.active = false;
        for (const waiter of this.idleWaiters.splice(0)) waiter.resolve();
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
      await this.deliver(batch);
      const acked: Outgoing[] = [];
      for (const q of batch) for (const o of q.out) acked.push(o);
      this.events.published((batch.at(-1) as Queued).seq, acked);
      if (this.paused && this.queued < this.options.maxBuffered / 2) {
        this.paused = false;
        this.onPressure(false);
      }
    }
  }

  private take(): Queued[] {
    const batch: Queued[] = [];
    let count = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue.peek() as Queued;
      const fits =
        count + next.out.length <= this.options.batchSize &&
        bytes + next.bytes <= this.options.maxRequestBytes;
      if (count > 0 && !fits) break;
      this.queue.shift();
      batch.push(next);
      count += next.out.length;
      bytes += next.bytes;
    }
    this.queued -= count;
    return batch;
  }

  /** Sends the batch until Kafka has all of it, or its refused records' dead letters instead. */
  private async deliver(batch: Queued[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.send(batch);
        return;
      } catch (err) {
        const failure = classifyKafkaError(err);
        if (failure === 'fatal') throw new FatalError(`Kafka: ${kafkaFailureText(err)}`, { cause: err });
        if (failure === 'transient') {
          const waitMs = backoffMs(attempt, this.options.retry ?? dependencyBackoff);
          this.events.retry(err as Error, waitMs);
          log.warn({ err, attempt, waitMs }, 'Kafka produce failed; retrying');
          await delay(waitMs);
          continue;
        }
        if (batch.length > 1) {
          // Halves, in order, until the record Kafka refuses is alone.
          const half = Math.ceil(batch.length / 2);
          await this.deliver(batch.slice(0, half));
          await this.deliver(batch.slice(half));
          return;
        }
        const only = batch[0] as Queued;
        if (only.replaced)
          throw new FatalError(`Kafka refused a dead letter: ${kafkaFailureText(err)}`, { cause: err });
        only.out = this.events.refused(only.out, only.at, kafkaFailureText(err));
        only.replaced = true;
        attempt = -1;
      }
    }
  }

  private async send(batch: readonly Queued[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { out } of batch) {
      for (const { topic, message } of out) {
        const list = byTopic.get(topic);
        if (list) list.push(message);
        else byTopic.set(topic, [message]);
      }
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    if (topicMessages.length > 0) await this.producer.sendBatch({ topicMessages, acks: -1 });
  }
}
