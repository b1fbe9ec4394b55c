import { createHash } from 'node:crypto';
import type { DeadLetter, DeadLetterCategory, Op, SourcePosition } from './change-record.ts';

/** How much of a dead letter's raw text and reason is kept: every letter stays far below a topic's limit. */
export type DeadLetterLimits = { rawBytes: number; reasonChars: number };
export const defaultDeadLetterLimits: DeadLetterLimits = { rawBytes: 16_384, reasonChars: 2_000 };

export type DeadLetterFacts = {
  category: DeadLetterCategory;
  reason: string;
  /** The text that could not be delivered, whole: it is cut here, with its size and hash kept. */
  raw: string | null;
  kind: string | null;
  op: Op | null;
  source: SourcePosition;
  rowId: string | null;
};

/**
 * A dead letter of bounded size: the reason cut to `reasonChars`, the raw text to `rawBytes` (UTF-8), with
 * the whole text's size and SHA-256 kept so that a cut letter still identifies its row's content.
 */
export function deadLetter(
  facts: DeadLetterFacts,
  limits: DeadLetterLimits = defaultDeadLetterLimits,
  now: Date = new Date(),
): DeadLetter {
  const { raw } = facts;
  const whole = raw === null ? null : Buffer.from(raw, 'utf8');
  return {
    reason: cut(facts.reason, limits.reasonChars),
    raw: whole === null ? null : whole.length <= limits.rawBytes ? raw : utf8Prefix(whole, limits.rawBytes),
    kind: facts.kind,
    op: facts.op,
    source: facts.source,
    rowId: facts.rowId,
    time: now.toISOString(),
    category: facts.category,
    rawBytes: whole === null ? null : whole.length,
    rawSha256: whole === null ? null : createHash('sha256').update(whole).digest('hex'),
  };
}

/** Text quoted from elsewhere (an Elasticsearch error, a PostgreSQL message), cut to `max` characters. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}

/** The first `bytes` of UTF-8 text, never splitting a character. */
function utf8Prefix(text: Buffer, bytes: number): string {
  let end = bytes;
  // Continuation bytes are 10xxxxxx: step back to the start of the character the cut falls in.
  while (end > 0 && ((text[end] as number) & 0xc0) === 0x80) end--;
  return text.subarray(0, end).toString('utf8');
}
