import type { BuiltInKind } from '../../kinds/index.ts';

/**
 * The dashboards, declared once: every panel names its data view (profile), its chart, the fields it
 * aggregates and how. Both the Kibana saved objects (kibana.ts) and the Elasticsearch aggregation the
 * tests and the HTML report run (query.ts) are derived from these declarations, so they cannot drift.
 */

/** The four MOSIP anonymous-profile tables; each has a connector, an index (alias) and a data view. */
export const profileNames = ['prereg', 'regprc', 'idrepo', 'ida'] as const;
export type ProfileName = (typeof profileNames)[number];

export interface Profile {
  name: ProfileName;
  kind: BuiltInKind;
  /** "Pre-registration": section and dashboard titles. */
  label: string;
  /** What one document is: "applications", "stage records"... */
  unit: string;
}

/** The biometric modalities; a per-modality panel must aggregate only `biometrics.<modality>.*` fields. */
export const modalities = ['finger', 'iris', 'face'] as const;
export type Modality = (typeof modalities)[number];

export type MetricOp = 'count' | 'avg' | 'min' | 'max' | 'sum';

/** A value per bucket (or for the whole index): a document count or a statistic of a numeric field. */
export type Metric =
  | { op: 'count'; label: string }
  | { op: Exclude<MetricOp, 'count'>; field: string; label: string };

/** Calendar intervals a time axis may use (Elasticsearch calendar_interval; Lens 'M', 'w', 'd'). */
export type CalendarInterval = 'month' | 'week' | 'day';

/** A way to cut documents into buckets: the x axis, or the series a chart is split into. */
export type Bucket =
  | {
      type: 'terms';
      field: string;
      label: string;
      size: number;
      /** Documents without the field form a bucket of this name instead of dropping out of the chart. */
      missing?: string;
    }
  | { type: 'date_histogram'; field: '@timestamp'; label: string; interval: CalendarInterval };

/**
 * How a panel draws:
 * - metric: one big number (no bucket);
 * - pie: a donut over one terms bucket;
 * - bar_horizontal: one bar per x bucket (split: stacked);
 * - bar_horizontal_percentage: 100% stacked bars per x bucket (a split is required: shares, rates);
 * - bar_stacked: vertical bars per x bucket (split: stacked), usually over time;
 * - line: one line per metric (or per split value) over x, usually over time;
 * - map: one point per x bucket (a centre) where its `geo` field's documents are, sized by the metric.
 */
export type Chart =
  | 'metric'
  | 'pie'
  | 'bar_horizontal'
  | 'bar_horizontal_percentage'
  | 'bar_stacked'
  | 'line'
  | 'map';

/** Share of the dashboard's width (Kibana's grid is 48 columns: 12, 24, 36, 48). */
export type PanelWidth = 'quarter' | 'half' | 'threeQuarters' | 'full';

export interface Panel {
  /** Stable and unique: the Kibana saved-object id is `profile-cdc-<id>`. */
  id: string;
  /** Its data view: the index of that profile. */
  profile: ProfileName;
  title: string;
  description: string;
  chart: Chart;
  /** One metric, or several for a line chart (e.g. mean and lowest quality). */
  metrics: Metric[];
  /** [] (metric chart), [x] or [x, split]. */
  buckets: Bucket[];
  /**
   * Only documents whose keyword `field` equals `value` (Kibana: the visualization's KQL query). regprc
   * writes one row per processing stage, so per-registration panels count one stage's rows.
   */
  filter?: { field: string; value: string };
  /** A map: the geo_point field whose centroid places each x bucket on it. */
  geo?: string;
  /** A per-modality panel: every biometrics field it names must be this modality's. */
  modality?: Modality;
  width: PanelWidth;
}

export interface Dashboard {
  /** Stable: the saved-object id is `profile-cdc-dashboard-<profile>`. */
  profile: ProfileName;
  title: string;
  description: string;
  panels: Panel[];
}
