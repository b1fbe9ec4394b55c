import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeadLetterCategory } from '../../encode/change-record.ts';
import { masterKindNames } from '../../kinds/master/index.ts';
import type { SinkObserver } from '../../sink/stats.ts';
import type { SourceStats } from '../../source/connector-source.ts';
import { boundedLabel } from './bounded-label.ts';

export type Dependency = 'postgresql' | 'kafka' | 'elasticsearch';

/** Series that exist from the start (at 0), so that rate() and increase() see the first dead letter. */
const sourceDeadLetterCategories: readonly DeadLetterCategory[] = ['invalid-profile', 'too-large'];
const sinkDeadLetterCategories: readonly DeadLetterCategory[] = ['undecodable', 'elasticsearch-refused'];
/** Fields counted one by one per connector in the data-quality metric; beyond, "other". */
const maxIssueFieldSeries = 40;
/** Field paths counted one by one per index; beyond, the privacy-drop metric says "other". */
const maxDroppedFieldSeries = 50;

/** The labelled source counters, read from each connector's stats at scrape time. */
type SourceView = { name: string; slot: string; stats: SourceStats };

/**
 * Every metric the pipeline exports, Prometheus-style names (profile_cdc_*, base units, _total
 * counters). Counters of the source are read from its stats when scraped; the sink reports through
 * the SinkObserver this returns; lags are measured by collectors (see lag.ts).
 */
export class PipelineMetrics {
  readonly registry = new Registry();
  private readonly sources: SourceView[] = [];
  private readonly dependencyUp: Gauge<'dependency'>;
  readonly slotLagBytes: Gauge<'connector' | 'slot'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  private readonly databaseUp: Gauge<'connector'>;
  readonly stalled: Gauge<'component' | 'connector'>;
  /** The sink group's lag per topic, as last measured (all partitions). */
  readonly topicLag = new Map<string, number>();
  /** Whether each connector's database answered the last probe. */
  readonly databases = new Map<string, boolean>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'profile_cdc_' });
    const sources = () => this.sources;
    const perSource = (
      name: string,
      help: string,
      value: (s: SourceStats) => number,
      kind: 'counter' | 'gauge' = 'counter',
    ) => {
      const config = {
        name,
        help,
        labelNames: ['connector'] as const,
        registers,
        collect(this: Counter<'connector'> | Gauge<'connector'>) {
          this.reset();
          for (const s of sources()) {
            if (this instanceof Counter) this.inc({ connector: s.name }, value(s.stats));
            else this.set({ connector: s.name }, value(s.stats));
          }
        },
      };
      return kind === 'counter' ? new Counter(config) : new Gauge(config);
    };
    perSource(
      'profile_cdc_source_events_read_total',
      'Changes read from the replication slot.',
      (s) => s.changesRead,
    );
    perSource(
      'profile_cdc_source_events_published_total',
      'Kafka messages acknowledged (acks=all).',
      (s) => s.published,
    );
    new Counter({
      name: 'profile_cdc_source_dead_letters_total',
      help: 'Dead letters of the source that Kafka acknowledged, by connector and category.',
      labelNames: ['connector', 'category'] as const,
      registers,
      collect() {
        this.reset();
        for (const s of sources()) {
          for (const category of sourceDeadLetterCategories) this.inc({ connector: s.name, category }, 0);
          for (const [category, n] of Object.entries(s.stats.deadLetters))
            this.inc({ connector: s.name, category }, n);
        }
      },
    });
    perSource('profile_cdc_source_reconnects_total', 'Replication stream reconnects.', (s) => s.reconnects);
    perSource(
      'profile_cdc_source_produce_retries_total',
      'Kafka produce requests sent again after failing (the reader pauses meanwhile).',
      (s) => s.produceRetries,
    );
    perSource(
      'profile_cdc_source_snapshot_rows_total',
      'Rows read by snapshot jobs (initial snapshot, backfills, after a lost slot) in this process.',
      (s) => s.snapshot.rowsReadHere,
    );
    perSource(
      'profile_cdc_source_snapshot_running',
      '1 while a snapshot job reads the table beside the stream.',
      (s) => (s.snapshot.job ? 1 : 0),
      'gauge',
    );
    perSource(
      'profile_cdc_source_snapshot_rows_expected',
      "Rows the running snapshot job has to read (the planner's estimate).",
      (s) => s.snapshot.rowsExpected,
      'gauge',
    );
    perSource(
      'profile_cdc_source_snapshot_rows_done',
      'Rows the running snapshot job has read and Kafka holds, over all its runs.',
      (s) => s.snapshot.rowsRead,
      'gauge',
    );
    perSource(
      'profile_cdc_source_snapshot_chunks_done',
      'Chunks of the running snapshot job Kafka holds.',
      (s) => s.snapshot.chunksDone,
      'gauge',
    );
    perSource(
      'profile_cdc_source_snapshot_chunks_expected',
      'Chunks the running snapshot job is expected to read (estimated rows / chunk rows).',
      (s) => s.snapshot.chunksExpected,
      'gauge',
    );
    perSource(
      'profile_cdc_source_snapshot_eta_seconds',
      'Estimated time left for the running snapshot job at its rate so far (0 when none runs).',
      (s) => s.snapshot.etaSeconds ?? 0,
      'gauge',
    );
    perSource(
      'profile_cdc_source_snapshot_blocked_seconds',
      'How long a snapshot chunk has waited for transactions older than it to end (0 when none waits).',
      (s) => (s.snapshot.blocked ? (Date.now() - s.snapshot.blocked.since) / 1000 : 0),
      'gauge',
    );
    perSource(
      'profile_cdc_source_slots_recreated_total',
      'Slots found lost or dropped and created again; the table is read again after each.',
      (s) => s.slotsRecreated,
    );
    perSource(
      'profile_cdc_source_streaming',
      '1 while the connector streams changes from its slot, 0 otherwise (snapshot, reconnecting, stopped).',
      (s) => (s.state === 'streaming' ? 1 : 0),
      'gauge',
    );
    perSource(
      'profile_cdc_source_lag_seconds',
      'Now minus the commit time of the last change published to Kafka (grows while the table is idle).',
      (s) => (s.lastPublishedCommitTime === null ? 0 : (Date.now() - s.lastPublishedCommitTime) / 1000),
      'gauge',
    );
    this.slotLagBytes = new Gauge({
      name: 'profile_cdc_source_slot_lag_bytes',
      help: "WAL the server keeps for the slot: current WAL LSN minus the slot's confirmed flush LSN.",
      labelNames: ['connector', 'slot'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'profile_cdc_sink_consumer_lag',
      help: "Messages not yet processed: partition high watermark minus the sink group's committed offset.",
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.databaseUp = new Gauge({
      name: 'profile_cdc_source_database_up',
      help: "Whether the connector's database answered the last probe (1) or not (0).",
      labelNames: ['connector'],
      registers,
    });
    this.stalled = new Gauge({
      name: 'profile_cdc_stalled',
      help: 'Whether the connector has had work and made no progress for health.stallSeconds (1) or not (0).',
      labelNames: ['component', 'connector'],
      registers,
    });
    this.dependencyUp = new Gauge({
      name: 'profile_cdc_dependency_up',
      help: 'Whether the last contact with a dependency succeeded (1) or failed (0).',
      labelNames: ['dependency'],
      registers,
    });
  }

  watchSources(sources: readonly SourceView[]): void {
    this.sources.push(...sources);
  }

  /** Last known state of each dependency (absent: not contacted yet). */
  readonly dependencies = new Map<Dependency, boolean>();

  dependency(name: Dependency, up: boolean): void {
    this.dependencies.set(name, up);
    this.dependencyUp.set({ dependency: name }, up ? 1 : 0);
  }

  database(connector: string, up: boolean): void {
    this.databases.set(connector, up);
    this.databaseUp.set({ connector }, up ? 1 : 0);
  }

  /**
   * The sink's observer: documents, dead letters, guard drops, bulk sizes and latency. Each index's
   * series start at 0, so that rate() sees the first event too.
   */
  sinkObserver(indices: readonly string[] = [], connectors: readonly string[] = []): SinkObserver {
    const registers = [this.registry];
    const documents = new Counter({
      name: 'profile_cdc_sink_documents_total',
      help: 'Records the sink finished, by index and result (indexed, deleted, updated, dead-lettered).',
      labelNames: ['index', 'result'],
      registers,
    });
    const dropped = new Counter({
      name: 'profile_cdc_sink_privacy_dropped_fields_total',
      help: "Fields removed by the privacy guard because the index's allow-list (mapping) lacks them.",
      labelNames: ['index', 'field'],
      registers,
    });
    const deadLetters = new Counter({
      name: 'profile_cdc_sink_dead_letters_total',
      help: 'Dead letters of the sink that Kafka acknowledged, by connector and category.',
      labelNames: ['connector', 'category'],
      registers,
    });
    const droppedField = boundedLabel(maxDroppedFieldSeries);
    const fieldIssues = new Counter({
      name: 'profile_cdc_field_issues_total',
      help: 'Data-quality issues of indexed profiles (a field the normaliser could not use), by connector, field and issue.',
      labelNames: ['connector', 'field', 'issue'],
      registers,
    });
    const issueField = boundedLabel(maxIssueFieldSeries);
    const latency = new Histogram({
      name: 'profile_cdc_end_to_end_latency_seconds',
      help: 'From the source transaction commit to Elasticsearch accepting the document.',
      labelNames: ['index'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    const bulkSeconds = new Histogram({
      name: 'profile_cdc_sink_bulk_duration_seconds',
      help: 'Duration of _bulk requests.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const bulkActions = new Histogram({
      name: 'profile_cdc_sink_bulk_actions',
      help: 'Actions per _bulk request.',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    });
    const bulkBytes = new Counter({
      name: 'profile_cdc_sink_bulk_bytes_total',
      help: 'Bytes sent in _bulk requests.',
      registers,
    });
    const retries = new Counter({
      name: 'profile_cdc_sink_retries_total',
      help: 'Bulk requests or items sent again (status 0: the request failed; 429/5xx: refused for now).',
      labelNames: ['status'],
      registers,
    });
    const unknownCentre = new Counter({
      name: 'profile_cdc_master_unknown_centre_total',
      help: 'Documents indexed naming a centre master data did not know yet (filled in when it arrives), by index.',
      labelNames: ['index'],
      registers,
    });
    const centreFilled = new Counter({
      name: 'profile_cdc_master_filled_documents_total',
      help: 'Documents indexed again because their centre arrived after them or changed, by index.',
      labelNames: ['index'],
      registers,
    });
    const masterRows = new Gauge({
      name: 'profile_cdc_master_rows',
      help: "Master-data rows in this sink's lookup table (one per key, all languages), by table kind.",
      labelNames: ['table'],
      registers,
    });
    for (const table of masterKindNames) masterRows.set({ table }, 0);
    for (const index of indices) {
      for (const result of ['indexed', 'deleted', 'updated', 'dead-lettered'])
        documents.inc({ index, result }, 0);
      unknownCentre.inc({ index }, 0);
      centreFilled.inc({ index }, 0);
    }
    for (const status of ['0', '429', '503']) retries.inc({ status }, 0);
    for (const connector of connectors) {
      for (const category of sinkDeadLetterCategories) deadLetters.inc({ connector, category }, 0);
      fieldIssues.inc({ connector, field: 'yearOfBirth', issue: 'after-event' }, 0);
    }
    return {
      record: (index, result, seconds) => {
        documents.inc({ index, result });
        if (seconds !== null && seconds >= 0) latency.observe({ index }, seconds);
      },
      dropped: (index, field) => dropped.inc({ index, field: droppedField(index, field) }),
      deadLetter: (connector, category) => deadLetters.inc({ connector, category }),
      fieldIssues: (connector, issues) => {
        for (const { field, issue } of issues)
          fieldIssues.inc({ connector, field: issueField(connector, field), issue });
      },
      bulk: (seconds, actions, bytes) => {
        bulkSeconds.observe(seconds);
        bulkActions.observe(actions);
        bulkBytes.inc(bytes);
      },
      retry: (status) => retries.inc({ status: String(status) }),
      unknownCentre: (index) => unknownCentre.inc({ index }),
      centreFilled: (index, n) => centreFilled.inc({ index }, n),
      masterRows: (table, rows) => masterRows.set({ table }, rows),
      elasticsearch: (up) => this.dependency('elasticsearch', up),
    };
  }
}
