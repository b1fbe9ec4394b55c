import { Worker } from 'node:worker_threads';
import { log } from '../../util/log.ts';
import { type BuildItem, type BuildReply, type BuiltRow, unpackReply, type WorkerInit } from './protocol.ts';

type Pending = { rows: number; resolve(rows: BuiltRow[]): void; reject(err: Error): void };
type Slot = { worker: Worker; pending: Map<number, Pending> };

/** From the TypeScript sources the worker starts through tsx; the compiled build starts worker.js. */
const workerFile = import.meta.url.endsWith('.ts')
  ? new URL('./worker-entry.mjs', import.meta.url)
  : new URL('./worker.js', import.meta.url);

/**
 * Worker threads that build rows' Kafka messages (normalise, record, Avro) off the replication thread, so
 * the source uses the cores it is given. Each request goes to the worker with the fewest rows waiting; a
 * worker that dies fails its requests (their rows are built on the caller's thread) and is replaced.
 */
export class BuildPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly init: WorkerInit,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** The built rows of `items`, in their order. */
  build(connector: string, items: BuildItem[]): Promise<BuiltRow[]> {
    if (this.closed) return Promise.reject(new Error('the build pool is closed'));
    const slot = this.slots.reduce((a, b) => (waiting(b) < waiting(a) ? b : a));
    const id = ++this.nextId;
    return new Promise<BuiltRow[]>((resolve, reject) => {
      slot.pending.set(id, { rows: items.length, resolve, reject });
      slot.worker.postMessage({ id, connector, items });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(workerFile, { workerData: this.init }), pending: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (reply: BuildReply) => {
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(unpackReply(reply));
    });
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      if (this.closed) return;
      log.warn(
        { err },
        'a build worker stopped; its rows are built on the replication thread, and it is replaced',
      );
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots[at] = this.spawn();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`build worker exited with code ${code}`));
    });
    return slot;
  }
}

function waiting(slot: Slot): number {
  let rows = 0;
  for (const p of slot.pending.values()) rows += p.rows;
  return rows;
}
