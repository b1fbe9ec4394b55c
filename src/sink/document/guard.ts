import { type FieldMapping, type IndexMappings, isObjectMapping } from '../../kinds/mapping.ts';

export interface GuardResult {
  document: Record<string, unknown>;
  /** Distinct dotted paths removed (array positions left out, so they can be counted per field). */
  dropped: string[];
}

/**
 * The privacy guard: keeps only what an index mapping (a kind's mapping.json) declares, at every depth. Whatever a
 * future normaliser or enrichment change lets through (a name, a phone number...) is removed here and
 * reported, instead of being indexed; and a document that passes never fails the strict mapping for an
 * unknown field. A value of the wrong shape (an object where the mapping has a value, or the reverse) is
 * dropped too.
 */
export function guard(mappings: IndexMappings, document: object): GuardResult {
  // Nearly every document passes as it is: checked without building anything, copied only when not.
  if (passesObject(document, mappings.properties))
    return { document: document as Record<string, unknown>, dropped: [] };
  const dropped = new Set<string>();
  const kept = keepObject(document, mappings.properties, '', dropped);
  return { document: kept, dropped: [...dropped].sort() };
}

// The walk runs for every document: it iterates keys without entry pairs, and builds a field's dotted
// path only when something under it is dropped (kept fields, nearly all of them, never need one).

function keepObject(
  value: object,
  properties: Record<string, FieldMapping>,
  prefix: string,
  dropped: Set<string>,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const fields = value as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    const field = Object.hasOwn(properties, name) ? properties[name] : undefined;
    const result = field === undefined ? dropValue : keepValue(fields[name], field, prefix, name, dropped);
    if (result === dropValue) dropped.add(prefix + name);
    else kept[name] = result;
  }
  return kept;
}

const dropValue = Symbol('drop');

/** The kept form of the value of field `name` (at `prefix`), or dropValue. */
function keepValue(
  value: unknown,
  field: FieldMapping,
  prefix: string,
  name: string,
  dropped: Set<string>,
): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const result = keepValue(item, field, prefix, name, dropped);
      if (result !== dropValue) items.push(result);
    }
    if (items.length < value.length) dropped.add(prefix + name);
    return items;
  }
  if (isObjectMapping(field)) {
    return isPlainObject(value)
      ? keepObject(value, field.properties, `${prefix}${name}.`, dropped)
      : dropValue;
  }
  if (field.type === 'geo_point') return isGeoPoint(value) ? { lat: value.lat, lon: value.lon } : dropValue;
  return isPlainObject(value) ? dropValue : value;
}

/** A geo_point is kept only as {lat, lon} numbers on the globe: no other form (no text) reaches the index. */
function isGeoPoint(value: unknown): value is { lat: number; lon: number } {
  if (!isPlainObject(value)) return false;
  const { lat, lon, ...rest } = value as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    typeof lat === 'number' &&
    typeof lon === 'number' &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180
  );
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether keepObject would keep `value` exactly as it is: an object whose every own key is mapped, every
 * value of the right shape, and no undefined (which keepValue turns into null). Own enumerable keys only,
 * as keepObject and JSON.stringify see them: a decoded Avro record (another prototype, methods on it)
 * passes like the plain object it equals.
 */
function passesObject(value: object, properties: Record<string, FieldMapping>): boolean {
  const fields = value as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (!Object.hasOwn(properties, name)) return false;
    if (!passesValue(fields[name], properties[name] as FieldMapping)) return false;
  }
  return true;
}

function passesValue(value: unknown, field: FieldMapping): boolean {
  if (value === null) return true;
  if (value === undefined) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!passesValue(value[i], field)) return false;
    return true;
  }
  if (isObjectMapping(field)) return isPlainObject(value) && passesObject(value, field.properties);
  if (field.type === 'geo_point') return isGeoPoint(value);
  return !isPlainObject(value);
}
