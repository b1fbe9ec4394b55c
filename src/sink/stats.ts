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
});
