import { setTimeout as delay } from 'node:timers/promises';
import { backoffMs } from '../../util/backoff.ts';
import { Fifo } from '../../util/fifo.ts';
import { type BulkAction, type BulkOutcome, type ItemResult, outcomeOf, serialise } from './action.ts';

/** Sends one _bulk body; resolves with one result per action, throws when the request itself failed. */
export type BulkSender = (body: string) => Promise<ItemResult[]>;

export type BulkOptions = {
  /** A request carries at most this many actions... */
  maxDocs: number;
  /** ...and at most about this many bytes. */
  maxBytes: number;
  /** How long a partial batch waits for more actions. */
  lingerMs: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** First backoff of a retry; doubles up to `maxRetryMs`, with jitter. */
  retryMs: number;
  maxRetryMs: number;
};

export type BulkEvents = {
  request(seconds: number, actions: number, bytes: number): void;
  /** A request failed (`status` 0) or some of its items were refused for now; sent again after `waitMs`. */
  retry(status: number, items: number, waitMs: number, reason: string): void;
};

/** Only the op of the action is kept (for its outcome): not its body, while it waits and is in flight. */
type Pending = { op: BulkAction['op']; lines: string; bytes: number; resolve: (o: BulkOutcome) => void };

/**
 * Groups actions into _bulk requests bounded by count, bytes and linger time, with several in flight.
 * Each action's promise settles once Elasticsearch has it (or refused it for good); refusals for now
 * (429, 5xx) and failed requests are retried with exponential backoff and jitter, never dropped.
 */
export class BulkIndexer {
  private queue = new Fifo<Pending>();
  private queuedBytes = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: BulkSender,
    private readonly options: BulkOptions,
    private readonly events: BulkEvents,
  ) {}

  submit(action: BulkAction): Promise<BulkOutcome> {
    const { lines, bytes } = serialise(action);
    return new Promise((resolve) => {
      this.queue.push({ op: action.op, lines, bytes, resolve });
      this.queuedBytes += bytes;
      this.dispatch();
    });
  }

  private full(): boolean {
    return this.queue.length >= this.options.maxDocs || this.queuedBytes >= this.options.maxBytes;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      if (!this.full() && this.options.lingerMs > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.flushPartial();
        }, this.options.lingerMs);
        return;
      }
      this.start(this.take());
    }
  }

  private flushPartial(): void {
    if (this.queue.length > 0 && this.inFlight < this.options.concurrency) this.start(this.take());
    this.dispatch();
  }

  private take(): Pending[] {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch: Pending[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && batch.length < this.options.maxDocs) {
      const next = this.queue.peek() as Pending;
      if (batch.length > 0 && bytes + next.bytes > this.options.maxBytes) break;
      batch.push(next);
      bytes += next.bytes;
      this.queue.shift();
    }
    this.queuedBytes -= bytes;
    return batch;
  }

  private start(batch: Pending[]): void {
    this.inFlight += 1;
    void this.deliver(batch).finally(() => {
      this.inFlight -= 1;
      this.dispatch();
    });
  }

  /** Sends until every action of the batch has an outcome. */
  private async deliver(batch: Pending[]): Promise<void> {
    let todo = batch;
    for (let attempt = 0; ; attempt++) {
      const left = await this.attempt(todo);
      if (left.todo.length === 0) return;
      const waitMs = backoffMs(attempt, {
        initialMs: this.options.retryMs,
        maxMs: this.options.maxRetryMs,
        jitter: true,
      });
      this.events.retry(left.status, left.todo.length, waitMs, left.reason);
      await delay(waitMs);
      todo = left.todo;
    }
  }

  /** One request; settles the actions that got an outcome and returns the ones to send again. */
  private async attempt(todo: Pending[]): Promise<{ todo: Pending[]; status: number; reason: string }> {
    const body = todo.map((p) => p.lines).join('');
    let bytes = 0; // summed, not counted again in the body
    for (const p of todo) bytes += p.bytes;
    const started = performance.now();
    let items: ItemResult[];
    try {
      items = await this.send(body);
    } catch (err) {
      return { todo, status: 0, reason: (err as Error).message };
    }
    this.events.request((performance.now() - started) / 1000, todo.length, bytes);
    const again: Pending[] = [];
    let status = 0;
    let reason = '';
    for (const [i, p] of todo.entries()) {
      const item = items[i] ?? {
        status: 500,
        error: { type: 'missing_item', reason: 'no result for this item' },
      };
      const outcome = outcomeOf(p, item);
      if (outcome !== 'retry') {
        p.resolve(outcome);
        continue;
      }
      again.push(p);
      status ||= item.status;
      reason ||= `${item.error?.type ?? 'status'} ${item.error?.reason ?? item.status}`;
    }
    return { todo: again, status, reason };
  }
}
