import type { Client } from '@elastic/elasticsearch';
import { valueLabel } from './profiles.ts';
import type { Bucket, CalendarInterval, Metric, Panel } from './types.ts';

/**
 * The Elasticsearch aggregation a panel declares, as Kibana runs it for the visualization generated from
 * the same panel (kibana.ts): the buckets nested in `nesting` order, the metrics innermost. The
 * integration test runs it against the indices, the HTML report draws its result.
 */

/** The names of the x (0) and split (1) bucket aggregations. */
export const bucketNames = ['x', 'split'] as const;

/**
 * The order buckets nest in (indices into panel.buckets), outermost first; Lens's columnOrder is the
 * same. A split over time nests outside the date histogram, as Lens does with a breakdown: its top N
 * values are the top N over the whole range, not per month. Otherwise x is outside the split (per
 * partner, the share of each outcome).
 */
export function nesting(panel: Panel): number[] {
  const [x, split] = panel.buckets;
  if (x === undefined) return [];
  if (split === undefined) return [0];
  return x.type === 'date_histogram' ? [1, 0] : [0, 1];
}

/** How a terms bucket is ordered; Lens gets the same (kibana.ts). */
export type TermsOrder = { by: 'metric' } | { by: 'key' };

/**
 * By the panel's first metric, descending (the biggest count, the best mean), unless the terms bucket
 * has another bucket nested under it and the metric is not a count: Elasticsearch cannot order by a
 * metric below another multi-bucket aggregation, so those sort by key.
 */
export function termsOrder(panel: Panel, bucketIndex: number): TermsOrder {
  const innermost = nesting(panel).at(-1) === bucketIndex;
  return innermost || panel.metrics[0]?.op === 'count' ? { by: 'metric' } : { by: 'key' };
}

const metricName = (i: number) => `m${i}`;
/** A map panel's point per bucket: where its documents' geo field is, on average. */
const pointName = 'point';

function metricAgg(metric: Metric): Record<string, { field: string }> | undefined {
  return metric.op === 'count' ? undefined : { [metric.op]: { field: metric.field } };
}

function bucketAgg(panel: Panel, bucket: Bucket, index: number): Record<string, unknown> {
  if (bucket.type === 'date_histogram') {
    return {
      date_histogram: {
        field: bucket.field,
        calendar_interval: bucket.interval,
        min_doc_count: 0,
        time_zone: 'UTC',
      },
    };
  }
  const first = panel.metrics[0] as Metric;
  const order =
    termsOrder(panel, index).by === 'key'
      ? { _key: 'asc' }
      : first.op === 'count'
        ? { _count: 'desc' }
        : { [metricName(0)]: 'desc' };
  const missing = bucket.missing === undefined ? {} : { missing: bucket.missing };
  return { terms: { field: bucket.field, size: bucket.size, min_doc_count: 1, order, ...missing } };
}

export interface SearchBody {
  size: 0;
  track_total_hits: true;
  query?: { term: Record<string, string> };
  aggs?: Record<string, Record<string, unknown>>;
}

/** The search request body of a panel: size 0, its filter, its aggregations. */
export function panelSearch(panel: Panel): SearchBody {
  const metrics: Record<string, Record<string, unknown>> = {};
  panel.metrics.forEach((m, i) => {
    const agg = metricAgg(m);
    if (agg) metrics[metricName(i)] = agg;
  });
  if (panel.geo) metrics[pointName] = { geo_centroid: { field: panel.geo } };
  let aggs: Record<string, Record<string, unknown>> = metrics;
  for (const i of [...nesting(panel)].reverse()) {
    const bucket = panel.buckets[i] as Bucket;
    const inner = Object.keys(aggs).length > 0 ? { aggs } : {};
    aggs = { [bucketNames[i] as string]: { ...bucketAgg(panel, bucket, i), ...inner } };
  }
  return {
    size: 0,
    track_total_hits: true,
    ...(panel.filter ? { query: { term: { [panel.filter.field]: panel.filter.value } } } : {}),
    ...(Object.keys(aggs).length > 0 ? { aggs } : {}),
  };
}

/** A bucket's key as text ("true", "10214", "2025-04-01") and as a reader sees it ("success", "2025-04"). */
export interface BucketKey {
  key: string;
  label: string;
}

/** One row of a panel's result: its x and split bucket (when it has them), documents, metric values. */
export interface Row {
  x: BucketKey | null;
  split: BucketKey | null;
  count: number;
  /** One per metric, in order; null when no document had the field (avg of nothing). */
  values: (number | null)[];
  /** A map panel's bucket: where it is (null when none of its documents has a point). */
  point?: { lat: number; lon: number } | null;
}

export interface PanelData {
  /** Documents the panel's query matched. */
  total: number;
  rows: Row[];
}

/** The parts of a search response read here. */
export interface SearchResponseLike {
  hits: { total?: number | { value: number } };
  aggregations?: Record<string, unknown>;
}

type AggBucket = {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
  [name: string]: unknown;
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function dateLabel(ms: number, interval: CalendarInterval): string {
  return interval === 'month' ? isoDay(ms).slice(0, 7) : isoDay(ms);
}

function keyOf(bucket: Bucket, b: AggBucket): BucketKey {
  if (bucket.type === 'date_histogram') {
    const ms = Number(b.key);
    return { key: isoDay(ms), label: dateLabel(ms, bucket.interval) };
  }
  const key = b.key_as_string ?? String(b.key);
  return { key, label: valueLabel(bucket.field, key) };
}

function valuesOf(panel: Panel, container: Record<string, unknown>, docCount: number): (number | null)[] {
  return panel.metrics.map((m, i) => {
    if (m.op === 'count') return docCount;
    const agg = container[metricName(i)] as { value?: number | null } | undefined;
    return typeof agg?.value === 'number' ? agg.value : null;
  });
}

const bucketsOf = (container: Record<string, unknown>, name: string): AggBucket[] =>
  (container[name] as { buckets?: AggBucket[] } | undefined)?.buckets ?? [];

function pointOf(bucket: AggBucket): { lat: number; lon: number } | null {
  const centroid = bucket[pointName] as
    | { count?: number; location?: { lat: number; lon: number } }
    | undefined;
  return centroid?.location && (centroid.count ?? 0) > 0
    ? { lat: centroid.location.lat, lon: centroid.location.lon }
    : null;
}

/** A search response flattened into rows: one per x bucket, or per (x, split) pair; time in order. */
export function panelRows(panel: Panel, response: SearchResponseLike): PanelData {
  const hitsTotal = response.hits.total;
  const total = typeof hitsTotal === 'number' ? hitsTotal : (hitsTotal?.value ?? 0);
  const aggs = response.aggregations ?? {};
  const order = nesting(panel);
  if (order.length === 0) {
    return { total, rows: [{ x: null, split: null, count: total, values: valuesOf(panel, aggs, total) }] };
  }
  const rows: Row[] = [];
  const keys: (BucketKey | null)[] = [null, null];
  const walk = (container: Record<string, unknown>, depth: number): void => {
    const i = order[depth] as number;
    const bucket = panel.buckets[i] as Bucket;
    const buckets = bucketsOf(container, bucketNames[i] as string);
    if (buckets.length === 0 && depth > 0) {
      // An outer bucket without inner buckets (no document has the inner field): kept, with no data.
      rows.push({
        x: keys[0] ?? null,
        split: keys[1] ?? null,
        count: 0,
        values: panel.metrics.map(() => null),
      });
    }
    for (const b of buckets) {
      keys[i] = keyOf(bucket, b);
      if (depth === order.length - 1) {
        rows.push({
          x: keys[0] ?? null,
          split: keys[1] ?? null,
          count: b.doc_count,
          values: valuesOf(panel, b, b.doc_count),
          ...(panel.geo ? { point: pointOf(b) } : {}),
        });
      } else {
        walk(b, depth + 1);
      }
      keys[i] = null;
    }
  };
  walk(aggs, 0);
  if (panel.buckets[0]?.type === 'date_histogram') {
    // Split outside time: rows come per split value; a chart wants them in time order (stable sort).
    rows.sort((a, b) => (a.x?.key ?? '').localeCompare(b.x?.key ?? ''));
  }
  return { total, rows };
}

/** Runs a panel's aggregation against `index` (the alias its data view names, or a scratch index). */
export async function runPanel(es: Client, panel: Panel, index: string): Promise<PanelData> {
  const body = panelSearch(panel);
  const response = await es.search({ index, ...body } as Parameters<Client['search']>[0]);
  return panelRows(panel, response as unknown as SearchResponseLike);
}

/** Rows that carry data: documents in the bucket and a value for every metric. */
export function filledRows(data: PanelData): Row[] {
  return data.rows.filter((r) => r.count > 0 && r.values.every((v) => v !== null));
}
