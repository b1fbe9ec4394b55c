import type { Readable } from 'node:stream';
import { LogicalReplicationService, type Pgoutput, PgoutputPlugin } from 'pg-logical-replication';
import type { TableConnector } from '../connectors/connector.ts';
import { formatLsn, type Lsn, parseLsn } from '../encode/lsn.ts';
import type { Row } from './row.ts';
import './pg-types.ts';

export type RowChange = {
  op: 'c' | 'u' | 'd';
  /** The new row (c, u) or the old row's key columns (d). */
  row: Row;
  lsn: Lsn;
  txId: number;
  /** Commit time of the transaction, epoch milliseconds. */
  commitTime: number;
};

/** What the slot delivers, in WAL order. Handlers are synchronous so that order is kept exactly. */
export type StreamHandlers = {
  /** The server accepted START_REPLICATION: changes flow from here on. */
  started(): void;
  begin(): void;
  change(change: RowChange): void;
  commit(endLsn: Lsn): void;
  /** A logical message (pg_logical_emit_message): snapshot watermarks and signals. */
  message(prefix: string, content: Uint8Array, lsn: Lsn): void;
  /** The server's WAL end, sent while idle or on request. */
  keepalive(walEnd: Lsn, replyRequested: boolean): void;
};

/** pgoutput's commit time, as the library reads it: microseconds since the Unix epoch. */
const commitMillis = (micros: unknown) => Number(BigInt(micros as bigint) / 1000n);

/**
 * One replication connection reading a connector's slot (pgoutput), from the slot's confirmed
 * position. Confirming positions is the caller's: nothing is acknowledged automatically.
 */
export class SlotStream {
  private readonly service: LogicalReplicationService;
  private tx: { xid: number; commitTime: number } | undefined;

  constructor(
    url: string,
    private readonly connector: TableConnector,
    private readonly handlers: StreamHandlers,
    onError: (err: Error) => void,
  ) {
    // flowControl off: messages reach the handlers synchronously, in WAL order, keepalives included
    // (with it on, keepalives overtake queued changes). Backpressure pauses the socket instead.
    this.service = new LogicalReplicationService(
      { connectionString: url },
      { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: false } },
    );
    this.service.on('data', (lsn: string, message: Pgoutput.Message) => this.onMessage(lsn, message));
    this.service.on('heartbeat', (lsn: string, _time: number, reply: boolean) =>
      this.handlers.keepalive(parseLsn(lsn), reply),
    );
    this.service.on('start', () => this.handlers.started());
    this.service.on('error', onError);
  }

  /** Resolves when the stream ends (stop, or the connection drops: then it rejects). */
  run(): Promise<void> {
    const plugin = new PgoutputPlugin({
      protoVersion: 1,
      publicationNames: [this.connector.publication],
      messages: true,
    });
    // 0/0: the server resumes at the slot's confirmed position, never past an unconfirmed change.
    return this.service.subscribe(plugin, this.connector.slot, '0/00000000').then(() => undefined);
  }

  /** Tells the server everything up to `lsn` is safely in Kafka, so it may recycle that WAL. */
  confirm(lsn: Lsn): void {
    // The library reports lsn + 1 as written/flushed; the server wants the exact position (a walsender
    // shutting down waits until the reported flush equals what it sent), so hand it lsn - 1.
    if (lsn > 0n) void this.service.acknowledge(formatLsn(lsn - 1n));
  }

  /** Stops reading from the socket (Kafka is behind) or starts again. */
  pause(paused: boolean): void {
    const stream = (this.service as unknown as { _connection?: { stream?: Readable } })._connection?.stream;
    if (paused) stream?.pause();
    else stream?.resume();
  }

  async stop(): Promise<void> {
    await this.service.stop();
  }

  private onMessage(lsn: string, message: Pgoutput.Message): void {
    switch (message.tag) {
      case 'begin':
        this.tx = { xid: message.xid, commitTime: commitMillis(message.commitTime) };
        this.handlers.begin();
        return;
      case 'commit':
        this.tx = undefined;
        this.handlers.commit(parseLsn(message.commitEndLsn ?? lsn));
        return;
      case 'insert':
        this.emit('c', message.new, lsn);
        return;
      case 'update':
        this.emit('u', message.new, lsn);
        return;
      case 'delete':
        this.emit('d', message.key ?? message.old ?? {}, lsn);
        return;
      case 'message':
        this.handlers.message(message.prefix, message.content, parseLsn(message.messageLsn ?? lsn));
        return;
      default:
        return;
    }
  }

  private emit(op: RowChange['op'], row: Row, lsn: string): void {
    const tx = this.tx ?? { xid: 0, commitTime: Date.now() };
    this.handlers.change({ op, row, lsn: parseLsn(lsn), txId: tx.xid, commitTime: tx.commitTime });
  }
}
