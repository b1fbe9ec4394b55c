import type { DeadLetterCategory } from '../encode/change-record.ts';
import type { QualityIssue } from '../normalise/quality.ts';

/** Counters of one sink process, for progress lines, the summary and (later) metrics. */
export type SinkStats = {
  consumed: number;
  indexed: number;
  deleted: number;
  updated: number;
  deadLettered: number;
  /** Fields removed by the privacy guard, by path. */
  dropped: Map<string, number>;
  retries: number;
  /** Seconds from the source commit to Elasticsearch accepting the write, most recent. */
  lastLatencySeconds: number | null;
  /** When a record of each connector was last finished (epoch ms), for stall detection. */
  progress: Map<string, number>;
  /** The last failure talking to Elasticsearch, while it lasts. */
  problem: string | null;
};

export const newSinkStats = (): SinkStats => ({
  consumed: 0,
  indexed: 0,
  deleted: 0,
  updated: 0,
  deadLettered: 0,
  dropped: new Map(),
  retries: 0,
  lastLatencySeconds: null,
  progress: new Map(),
  problem: null,
});

/** What the sink reports as it goes, for metrics; every method is optional to implement. */
export type SinkObserver = {
  /** A record reached its end: Elasticsearch took it, or the dead-letter topic did. */
  record?(
    index: string,
    result: 'indexed' | 'deleted' | 'updated' | 'dead-lettered',
    latencySeconds: number | null,
  ): void;
  /** Kafka acknowledged a dead letter of the sink's. */
  deadLetter?(connector: string, category: DeadLetterCategory): void;
  /** A document was indexed with these data-quality issues. */
  fieldIssues?(connector: string, issues: readonly QualityIssue[]): void;
  /** The privacy guard removed a field that the index's mapping does not allow. */
  dropped?(index: string, path: string): void;
  bulk?(seconds: number, actions: number, bytes: number): void;
  retry?(status: number): void;
  /** A document was indexed naming a centre master data does not know yet. */
  unknownCentre?(index: string): void;
  /** Documents indexed again with a centre that arrived late or changed. */
  centreFilled?(index: string, documents: number): void;
  /** Master-data rows the lookup table holds, by table kind. */
  masterRows?(kind: string, rows: number): void;
  /** Whether the last request to Elasticsearch got an answer. */
  elasticsearch?(up: boolean): void;
};
