import { z } from 'zod';

/** Prefixes of the logical messages profile-cdc writes into the WAL (pg_logical_emit_message). */
export const watermarkPrefix = 'profile-cdc.watermark';
export const signalPrefix = 'profile-cdc.signal';

const watermarkSchema = z.object({
  connector: z.string(),
  window: z.string(),
  edge: z.enum(['low', 'high']),
});
export type Watermark = z.infer<typeof watermarkSchema>;

/** A request to the running source, sent by `profile-cdc backfill` through the connector's WAL. */
const signalSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('backfill'),
    connector: z.string(),
    id: z.string().min(1),
    where: z.string().nullable().default(null),
    chunkRows: z.number().int().positive().nullable().default(null),
  }),
  z.object({ action: z.literal('cancel'), connector: z.string(), id: z.string().min(1) }),
]);
export type Signal = z.infer<typeof signalSchema>;
export type BackfillSignal = Extract<Signal, { action: 'backfill' }>;

function parse<T>(schema: z.ZodType<T>, content: Uint8Array): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(content).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A logical message as a watermark or a signal for `connector`; null for anyone else's or unreadable. */
export function readMessage(
  connector: string,
  prefix: string,
  content: Uint8Array,
): { watermark: Watermark } | { signal: Signal } | null {
  if (prefix === watermarkPrefix) {
    const watermark = parse(watermarkSchema, content);
    return watermark?.connector === connector ? { watermark } : null;
  }
  if (prefix === signalPrefix) {
    const signal = parse(signalSchema, content);
    return signal?.connector === connector ? { signal } : null;
  }
  return null;
}
