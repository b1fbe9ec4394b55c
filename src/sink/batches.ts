import type { EachBatchHandler, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { Connector } from '../connectors/connector.ts';
import { log } from '../util/log.ts';
import type { RecordHandler } from './record-handler.ts';

type Deps = {
  connectorOf: (topic: string) => Connector;
  records: Pick<RecordHandler, 'handle'>;
  /** Records handled at once: what the indexer can have in flight. */
  sliceSize: number;
  commit: (offsets: TopicPartitionOffsetAndMetadata[]) => Promise<void>;
};

/**
 * What the sink does with one fetched batch of a partition: every record to its end (indexed or
 * dead-lettered), in slices, heartbeating meanwhile; then only the finished part is resolved and committed.
 */
export function partitionBatches({ connectorOf, records, sliceSize, commit }: Deps): EachBatchHandler {
  return async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
    const connector = connectorOf(batch.topic);
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    // Heartbeats keep the group membership while Elasticsearch is slow or down.
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 3000);
    let done = 0;
    try {
      // In slices of what the indexer can have in flight: a whole fetch at once would queue tens of
      // thousands of documents, and memory and garbage collection would grow with it. A partition taken
      // away meanwhile (stale) is left to its new owner.
      while (done < batch.messages.length && isRunning() && !isStale()) {
        const part = batch.messages.slice(done, done + sliceSize);
        await Promise.all(part.map((m) => records.handle(connector, m, batch)));
        done += part.length;
      }
    } finally {
      clearInterval(beat);
    }
    const last = batch.messages[done - 1];
    if (!last) return;
    // Only what is finished: moves the fetch position past it (else it is fetched again) and commits.
    resolveOffset(last.offset);
    try {
      await commit([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
    } catch (err) {
      // The partition moved to another member meanwhile: its records are fetched again there, and indexing
      // them twice changes nothing (same ids, same versions). Not a reason to stop consuming.
      if (!lostMembership(err)) throw err;
      log.info({ topic: batch.topic, partition: batch.partition }, 'partition reassigned before its commit');
    }
  };
}

const membershipErrors = new Set([
  'UNKNOWN_MEMBER_ID',
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'NOT_COORDINATOR',
]);

/** Whether a commit failed because this member no longer owns the partition (a rebalance). */
export function lostMembership(err: unknown): boolean {
  for (let e = err as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type && membershipErrors.has(e.type)) return true;
  }
  return false;
}
