import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The dashboard, its provisioning and the alert rules, as shipped in grafana/. */
export const grafanaDir = resolve(import.meta.dirname, '../../../grafana');
export const dashboardFile = resolve(grafanaDir, 'dashboards/profile-cdc.json');
export const rulesFile = resolve(grafanaDir, 'alerts/profile-cdc.rules.yaml');
export const rulesTestFile = resolve(grafanaDir, 'alerts/profile-cdc.rules.test.yaml');

type Target = { refId?: string; expr?: string; datasource?: { type?: string; uid?: string } };
export type Panel = {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
};
export type Variable = {
  name: string;
  type: string;
  definition?: string;
  query?: string | { query: string };
  allValue?: string;
};
export type Dashboard = {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
};
export type AlertRule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

export const loadDashboard = (): Dashboard => JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard;

export function loadAlertRules(): AlertRule[] {
  const doc = parse(readFileSync(rulesFile, 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** Every panel, rows' nested panels included (a collapsed row keeps its panels inside it). */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** One query of one panel: `panel` names it in failures. */
export type PanelQuery = { panel: string; refId: string; expr: string };

export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  return allPanels(dashboard).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId ?? '?', expr: t.expr ?? '' })),
  );
}

/**
 * Grafana's variables as the tests fill them in. `.+` is what the dashboard's "All" sends for connector
 * and index (allValue), and unlike `.*` it matches only series that have the label: a selector on a
 * label the metric lacks returns nothing, so it fails the "returns data" check.
 */
export const variableValues: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '5m',
  connector: '.+',
  index: '.+',
};

/** `$name` and `${name}` (with an optional `:format`) replaced; an unknown variable throws. */
export function substitute(expr: string, values: Readonly<Record<string, string>> = variableValues): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (_, braced?: string, plain?: string) => {
    const name = (braced ?? plain) as string;
    const value = values[name];
    if (value === undefined) throw new Error(`unknown variable $${name} in ${expr}`);
    return value;
  });
}

/** Every `$variable` an expression uses. */
export const variablesOf = (expr: string): string[] =>
  [...expr.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g)].map((m) => (m[1] ?? m[2]) as string);

const strings = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const grouping = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const keywords = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'inf',
  'nan',
  'atan2',
]);

/**
 * The metric names a PromQL expression selects: identifiers that are not functions or aggregations
 * (followed by "("), keywords, label names (in braces and grouping clauses), strings, durations or numbers.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(strings, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(grouping, ' ')
    .replace(/\boffset\s+-?\w+/g, ' ')
    .replace(/(?<![\w:.])(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?![\w:])/gi, ' ');
  const names = new Set<string>();
  for (const m of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice((m.index ?? 0) + m[0].length);
    if (/^\s*\(/.test(after) || keywords.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Each `name{matchers}` selector: the metric and the label names its matchers use. */
export function selectors(expr: string): { name: string; labels: string[] }[] {
  const found: { name: string; labels: string[] }[] = [];
  for (const m of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g)) {
    const labels = [...(m[2] as string).replace(strings, '""').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)];
    found.push({ name: m[1] as string, labels: labels.map((l) => l[1] as string) });
  }
  return found;
}

/** The label names of `by (...)`, `without (...)`, `on (...)`, `ignoring (...)` and group modifiers. */
export function groupingLabels(expr: string): string[] {
  const labels = new Set<string>();
  for (const m of expr.replace(strings, '""').matchAll(grouping)) {
    for (const l of (m[1] as string).split(',')) if (l.trim()) labels.add(l.trim());
  }
  return [...labels];
}

/**
 * The expression without its comparisons to numbers (`> 0`, `== 0`, `> bool 60`): what the alert
 * compares, which should return data while the pipeline runs even though the alert does not fire.
 */
export const withoutThresholds = (expr: string): string =>
  expr.replace(/\s*(?:==|!=|>=|<=|>|<)\s*(?:bool\s+)?[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?![\w:.])/gi, '');

/** Metric names Prometheus adds to every target (not exported by profile-cdc). */
export const prometheusSeries = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);
