import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { MasterConnector } from '../../connectors/connector.ts';
import type { ChangeRecord } from '../../encode/change-record.ts';
import type { Decoder } from '../../encode/decoder.ts';
import { masterReaderGroupPrefix, untilSettled } from '../../kafka/topics.ts';
import type { MasterKindName } from '../../kinds/master/index.ts';
import { log } from '../../util/log.ts';
import type { MasterLookup } from './lookup.ts';

export type MasterFeed = {
  /** Resolves once every master topic has been read up to where it ended at start (or the wait timed out). */
  loaded: Promise<boolean>;
  stop(): Promise<void>;
};

export type MasterFeedOptions = {
  sinkGroup: string;
  loadTimeoutMs: number;
  /** Centres whose joined fields changed after the initial load (their documents are filled in). */
  changed(centreIds: readonly string[]): void;
  /** Rows held per table, after each change. */
  sizes?(sizes: Record<MasterKindName, number>): void;
};

/**
 * Reads the master topics whole into `lookup` and follows them: every sink process keeps its own complete
 * copy (a group of its own, never committed, deleted at stop), so documents are joined without a network
 * call. A record that cannot be decoded is logged and skipped: master data is a join, not a count.
 */
export async function startMasterFeed(
  kafka: Kafka,
  topics: ReadonlyMap<string, MasterConnector>,
  decoder: Decoder,
  lookup: MasterLookup,
  options: MasterFeedOptions,
): Promise<MasterFeed> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics.keys()) {
      const ends = await untilSettled(() => admin.fetchTopicOffsets(topic));
      for (const p of ends) if (p.high !== p.low) remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  let markLoaded: (done: boolean) => void = () => undefined;
  const loaded = new Promise<boolean>((resolve) => {
    markLoaded = resolve;
  });
  let isLoaded = false;
  const finishLoad = (done: boolean) => {
    if (isLoaded) return;
    isLoaded = true;
    clearTimeout(timer);
    markLoaded(done);
  };
  const timer = setTimeout(() => {
    log.warn(
      { partitionsLeft: remaining.size, timeoutMs: options.loadTimeoutMs },
      'master data not read to its end in time; indexing starts, and late centres are filled in',
    );
    finishLoad(false);
  }, options.loadTimeoutMs);
  if (remaining.size === 0) finishLoad(true);

  const groupId = `${masterReaderGroupPrefix(options.sinkGroup)}${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics.keys()], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const connector = topics.get(batch.topic);
      const changed = new Set<string>();
      for (const message of batch.messages) {
        if (connector && message.value !== null) {
          try {
            const decoded = decoder.decodeNow(message.value) ?? (await decoder.decode(message.value));
            for (const id of lookup.apply(connector.kind, decoded.value as ChangeRecord<unknown>))
              changed.add(id);
          } catch (err) {
            log.warn(
              { err, topic: batch.topic, offset: message.offset },
              'a master-data record could not be read; skipped',
            );
          }
        }
        const key = `${batch.topic}/${batch.partition}`;
        const end = remaining.get(key);
        if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(key);
      }
      options.sizes?.(lookup.sizes());
      if (isLoaded && changed.size > 0) options.changed([...changed]);
      if (!isLoaded && remaining.size === 0) {
        log.info({ rows: lookup.sizes() }, 'master data read');
        finishLoad(true);
      }
    },
  });
  return {
    loaded,
    async stop() {
      finishLoad(false);
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect().catch(() => undefined);
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.disconnect().catch(() => undefined);
    },
  };
}
