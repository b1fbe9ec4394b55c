import type { TableConnector } from '../../connectors/connector.ts';
import type { DeadLetterCategory, Op } from '../../encode/change-record.ts';
import type { Outgoing, RowEncoding } from '../messages.ts';
import type { ReadPosition } from '../records.ts';
import type { Row } from '../row.ts';

/** What a build worker and its parent say to each other; packing and unpacking are pure. */

/** One row to build: the change as the stream or a snapshot chunk read it. */
export type BuildItem = { op: Op; row: Row; at: ReadPosition };

/** A dead letter built in place of a record: what the parent logs. */
export type Letter = { key: string | null; category: DeadLetterCategory | null; reason: string };

/** One built row: its messages, and the dead letter it became, if it did. */
export type BuiltRow = { messages: Outgoing[]; letter?: Letter };

/** How a worker builds a connector's rows: everything of its RowEncoding but the encoder itself. */
export type WorkerEncoding = Omit<RowEncoding, 'encode' | 'schemaIds'>;

export type WorkerInit = {
  connectors: TableConnector[];
  encodings: [string, WorkerEncoding][];
  /** The registry's ids by schema name, or null for single-object encoding. */
  schemaIds: [string, number][] | null;
};

export type BuildRequest = { id: number; connector: string; items: BuildItem[] };

type PackedMessage = {
  topic: string;
  key: string | null;
  headers: Record<string, string> | undefined;
  deadLetter: DeadLetterCategory | undefined;
  /** Where the value is in the reply's buffer; -1: no value (a tombstone). */
  offset: number;
  length: number;
};

/** The built rows of a request, their message values in one transferred buffer (no copy per message). */
export type BuildReply =
  | { id: number; buffer: ArrayBuffer; rows: { messages: PackedMessage[]; letter?: Letter }[] }
  | { id: number; error: string };

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Built rows as one reply: values copied once into one buffer the worker hands over. */
export function packReply(
  id: number,
  built: readonly BuiltRow[],
): { reply: BuildReply; transfer: ArrayBuffer[] } {
  let size = 0;
  for (const b of built) for (const o of b.messages) size += o.message.value?.length ?? 0;
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  let at = 0;
  const rows = built.map((b) => ({
    ...(b.letter ? { letter: b.letter } : {}),
    messages: b.messages.map((o): PackedMessage => {
      const value = o.message.value as Uint8Array | null | undefined;
      const offset = value ? at : -1;
      if (value) {
        bytes.set(value, at);
        at += value.length;
      }
      return {
        topic: o.topic,
        key: text(o.message.key),
        headers: o.message.headers as Record<string, string> | undefined,
        deadLetter: o.deadLetter,
        offset,
        length: value?.length ?? 0,
      };
    }),
  }));
  return { reply: { id, buffer, rows }, transfer: [buffer] };
}

/** A reply's rows as the publisher takes them; each value a view into the transferred buffer. */
export function unpackReply(reply: Extract<BuildReply, { buffer: ArrayBuffer }>): BuiltRow[] {
  return reply.rows.map((r) => ({
    ...(r.letter ? { letter: r.letter } : {}),
    messages: r.messages.map(
      (m): Outgoing => ({
        topic: m.topic,
        message: {
          key: m.key,
          value: m.offset < 0 ? null : Buffer.from(reply.buffer, m.offset, m.length),
          ...(m.headers ? { headers: m.headers } : {}),
        },
        ...(m.deadLetter ? { deadLetter: m.deadLetter } : {}),
      }),
    ),
  }));
}
