import type { Connector } from '../connectors/connector.ts';
import type { ChangeRecord } from '../encode/change-record.ts';
import type { Decoder } from '../encode/decoder.ts';
import type { BulkIndexer } from './bulk/indexer.ts';
import type { SinkDeadLetters } from './dead-letter.ts';
import { latencySeconds, type RecordOptions, recordAction } from './record-action.ts';
import type { SinkObserver, SinkStats } from './stats.ts';

export type KafkaMessage = { value: Buffer | null; offset: string };
export type KafkaPartition = { topic: string; partition: number };

type Deps = {
  decoder: Decoder;
  indexer: BulkIndexer;
  deadLetters: SinkDeadLetters;
  options: RecordOptions;
  stats: SinkStats;
  observer: SinkObserver;
};

/**
 * Takes one Kafka message to its end: decoded, turned into its bulk action (recordAction), indexed, or
 * dead-lettered when it cannot be read or Elasticsearch refuses it for good (counted once Kafka has the letter).
 */
export class RecordHandler {
  /** Records submitted to the indexer and not finished yet. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: Deps) {}

  /** Resolves once every record submitted before the call has finished (indexed or dead-lettered). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves once the record is in Elasticsearch or in the dead-letter topic. */
  async handle(connector: Connector, { value, offset }: KafkaMessage, at: KafkaPartition): Promise<void> {
    const { decoder, deadLetters, stats } = this.deps;
    stats.consumed += 1;
    if (value === null) return; // tombstone: the delete event before it did the work
    let record: ChangeRecord<unknown>;
    try {
      // Without a promise when the schema is at hand (nearly always).
      record = (decoder.decodeNow(value) ?? (await decoder.decode(value))).value as ChangeRecord<unknown>;
    } catch (err) {
      return deadLetters.undecodable(connector, value, { ...at, offset }, (err as Error).message);
    }
    return this.index(connector, value, record);
  }

  /**
   * Submits the record's action to the indexer. Only what its outcome needs is kept until then, not the
   * record or its document: thousands wait in the indexer at a time, and the garbage collector would
   * copy them all the while.
   */
  private index(connector: Connector, value: Buffer, record: ChangeRecord<unknown>): Promise<void> {
    const { stats, observer, indexer } = this.deps;
    const { bulk, result, dropped, committedAt } = recordAction(connector, record, this.deps.options);
    const issues = result === 'indexed' ? record.issues : undefined;
    for (const path of dropped) {
      stats.dropped.set(path, (stats.dropped.get(path) ?? 0) + 1);
      observer.dropped?.(connector.index, path);
    }
    if (observer.unknownCentre && bulk.op === 'index' && result === 'indexed' && unknownCentre(bulk.body))
      observer.unknownCentre(connector.index);
    const done = indexer.submit(bulk).then(async (outcome) => {
      if (!outcome.ok) {
        // The letter holds the record, decoded again: refusals are rare.
        const { decoder, deadLetters } = this.deps;
        const refused = (decoder.decodeNow(value) ?? (await decoder.decode(value)))
          .value as ChangeRecord<unknown>;
        return deadLetters.refused(connector, refused, outcome.reason);
      }
      stats[result] += 1;
      stats.progress.set(connector.name, Date.now());
      const latency = latencySeconds({ committedAt });
      if (latency !== null) stats.lastLatencySeconds = latency;
      observer.record?.(connector.index, result, latency);
      if (issues && issues.length > 0) observer.fieldIssues?.(connector.name, issues);
    });
    this.inFlight.add(done);
    const finished = () => {
      this.inFlight.delete(done);
    };
    done.then(finished, finished);
    return done;
  }
}

/** A document naming a centre that master data does not know (yet): it is filled in when the centre arrives. */
function unknownCentre(body: unknown): boolean {
  const document = body as { registrationCenterId?: unknown; centre?: unknown } | undefined;
  return typeof document?.registrationCenterId === 'string' && document.centre === null;
}
