import type { IndexBodies } from '../../kinds/index.ts';
import { type CoreFieldType, type FieldMapping, isObjectMapping } from '../../kinds/mapping.ts';
import { profiles } from './profiles.ts';
import { type Modality, modalities, type Panel } from './types.ts';

/** A field a panel names, and what it does with it. */
export interface PanelField {
  field: string;
  role: 'metric' | 'bucket' | 'filter' | 'geo';
  /** The metric op or bucket type: avg, terms, date_histogram... */
  use: string;
  /** The metric's or bucket's label (what a reader sees next to the values). */
  label: string;
}

export function panelFields(panel: Panel): PanelField[] {
  return [
    ...panel.metrics.flatMap((m) =>
      m.op === 'count' ? [] : [{ field: m.field, role: 'metric' as const, use: m.op, label: m.label }],
    ),
    ...panel.buckets.map((b) => ({ field: b.field, role: 'bucket' as const, use: b.type, label: b.label })),
    ...(panel.filter
      ? [{ field: panel.filter.field, role: 'filter' as const, use: 'term', label: panel.filter.value }]
      : []),
    ...(panel.geo
      ? [{ field: panel.geo, role: 'geo' as const, use: 'geo_centroid', label: panel.title }]
      : []),
  ];
}

/** The type of a dotted field path in a mapping's properties, or undefined when it is not mapped. */
export function mappedType(
  properties: Record<string, FieldMapping>,
  path: string,
): CoreFieldType | undefined {
  const [head, ...rest] = path.split('.');
  // '@timestamp' and plain names have no dots; a dotted path walks object mappings.
  const field = properties[head as string];
  if (field === undefined) return undefined;
  if (rest.length === 0) return isObjectMapping(field) ? undefined : field.type;
  return isObjectMapping(field) ? mappedType(field.properties, rest.join('.')) : undefined;
}

const numeric: ReadonlySet<CoreFieldType> = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
]);
const bucketable: ReadonlySet<CoreFieldType> = new Set([...numeric, 'keyword', 'boolean', 'ip', 'date']);

/** Every field the panel names exists in its profile kind's mapping, with a type its use needs. */
export function fieldProblems(panel: Panel, bodies: IndexBodies): string[] {
  const kind = profiles[panel.profile].kind;
  const properties = bodies[kind].mappings.properties;
  return panelFields(panel).flatMap(({ field, use }) => {
    const type = mappedType(properties, field);
    if (type === undefined)
      return [`${field} is not in the ${kind} mapping (src/kinds/${kind}/mapping.json)`];
    const fits =
      use === 'date_histogram'
        ? type === 'date'
        : use === 'terms'
          ? bucketable.has(type)
          : use === 'term'
            ? type === 'keyword'
            : use === 'geo_centroid'
              ? type === 'geo_point'
              : numeric.has(type);
    return fits ? [] : [`${use} on ${field} needs another type than ${type}`];
  });
}

/** The modality a biometrics field path belongs to ("biometrics.iris.qualityMean" -> iris), if any. */
export function fieldModality(field: string): Modality | undefined {
  const [root, second] = field.split('.');
  return root === 'biometrics' ? modalities.find((m) => m === second) : undefined;
}

const mentionedModalities = (text: string): Modality[] =>
  modalities.filter((m) => new RegExp(`\\b${m}\\b`, 'i').test(text));

/**
 * What MOSIP's own dashboards got wrong: a panel about one modality aggregating another modality's
 * field. A per-modality panel declares its modality, says it in its title, names at least one field of
 * that modality and none of another; a metric or bucket whose label names a modality aggregates that
 * modality's field; a panel naming a modality's field without declaring the modality is refused too.
 */
export function modalityProblems(panel: Panel): string[] {
  const fields = panelFields(panel);
  const problems: string[] = [];
  const { modality } = panel;
  if (modality !== undefined) {
    if (!mentionedModalities(panel.title).includes(modality))
      problems.push(`title '${panel.title}' does not name its modality ${modality}`);
    if (!fields.some((f) => fieldModality(f.field) === modality))
      problems.push(`names no biometrics.${modality}.* field`);
  }
  for (const { field, label } of fields) {
    const own = fieldModality(field);
    if (own !== undefined && modality === undefined)
      problems.push(`${field} is a ${own} field, but the panel declares no modality`);
    if (own !== undefined && modality !== undefined && own !== modality)
      problems.push(`${field} is a ${own} field in the ${modality} panel`);
    for (const named of mentionedModalities(label)) {
      if (named !== own) problems.push(`'${label}' names ${named} but aggregates ${field}`);
    }
  }
  return problems;
}

/** The chart can draw what the panel aggregates (the shapes kibana.ts and the report know). */
export function shapeProblems(panel: Panel): string[] {
  const { chart, metrics, buckets } = panel;
  const problems: string[] = [];
  if (metrics.length === 0) problems.push('has no metric');
  if (chart !== 'line' && metrics.length > 1) problems.push(`a ${chart} chart shows one metric`);
  if (chart === 'line' && metrics.length > 1 && buckets.length > 1)
    problems.push('a line chart with a split shows one metric');
  if (buckets.length > 2) problems.push('at most two buckets (x and split)');
  if (chart === 'metric' && buckets.length !== 0) problems.push('a metric chart has no bucket');
  if (chart !== 'metric' && buckets.length === 0) problems.push(`a ${chart} chart needs an x bucket`);
  if (chart === 'pie' && (buckets.length !== 1 || buckets[0]?.type !== 'terms'))
    problems.push('a pie has one terms bucket');
  if (chart === 'bar_horizontal_percentage' && (buckets.length !== 2 || metrics[0]?.op !== 'count'))
    problems.push('a percentage chart splits document counts by a second bucket');
  if (chart === 'map' && (buckets.length !== 1 || buckets[0]?.type !== 'terms' || !panel.geo))
    problems.push('a map places one terms bucket by a geo field');
  if (chart !== 'map' && panel.geo) problems.push('only a map has a geo field');
  if (buckets[1] !== undefined && buckets[1].type !== 'terms')
    problems.push('the split bucket is a terms bucket');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(panel.id)) problems.push('id: lower-case words joined by dashes');
  return problems;
}

/** Every problem of every panel, "<panel id>: <problem>"; [] when the definitions are sound. */
export function validatePanels(panels: readonly Panel[], bodies: IndexBodies): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const panel of panels) {
    if (seen.has(panel.id)) problems.push(`${panel.id}: duplicate id`);
    seen.add(panel.id);
    for (const p of [...shapeProblems(panel), ...fieldProblems(panel, bodies), ...modalityProblems(panel)])
      problems.push(`${panel.id}: ${p}`);
  }
  return problems;
}
