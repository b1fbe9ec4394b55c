/**
 * Joins with MOSIP's master data (centres, locations, document types), read from a lookup table the sink
 * keeps current from the master topics: no network call per record. Pure over the view it is given.
 */

/** A point Elasticsearch's geo_point takes. */
export type GeoPoint = { lat: number; lon: number };

/** A centre as documents carry it. */
export interface CentreFields {
  name: string | null;
  /** Absent (null) when the centre has no usable coordinates: never a string in its place. */
  geo: GeoPoint | null;
  typeCode: string | null;
  locationCode: string | null;
  /** Names of the centre's location and its parents, country first. */
  hierarchy: string[] | null;
  /** The same joined with " > ". */
  hierarchyPath: string | null;
}

/** One node of the location hierarchy, in the configured language (or another when it has none). */
export type LocationNode = { name: string | null; levelName: string | null; parentCode: string | null };

/** What the joins read: the sink's lookup table, or nothing (no master data: every join is null). */
export interface MasterView {
  centre(id: string): CentreFields | null;
  location(code: string): LocationNode | null;
  documentTypeName(code: string): string | null;
}

export const noMasterData: MasterView = {
  centre: () => null,
  location: () => null,
  documentTypeName: () => null,
};

/** The centre a profile names, joined; null when it names none or the centre is not (yet) known. */
export function centreFields(id: string | null, master: MasterView): CentreFields | null {
  return id === null ? null : master.centre(id);
}

/** The names of a profile's document type codes; a code without a master row is left out; null when none is known. */
export function documentNames(codes: readonly (string | null)[] | null, master: MasterView): string[] | null {
  if (codes === null) return null;
  const names: string[] = [];
  for (const code of codes) {
    const name = code === null ? null : master.documentTypeName(code);
    if (name !== null) names.push(name);
  }
  return names.length === 0 ? null : names;
}

/**
 * Where a profile's location list holds codes (some services write location codes, others names): the
 * names and level names of the codes master data knows, in list order; null when it knows none of them.
 */
export function locationNames(
  location: readonly (string | null)[] | null,
  master: MasterView,
): { names: string[]; levels: string[] } | null {
  if (location === null) return null;
  let found: { names: string[]; levels: string[] } | null = null;
  for (const code of location) {
    const node = code === null ? null : master.location(code);
    if (node === null || node.name === null) continue;
    found ??= { names: [], levels: [] };
    found.names.push(node.name);
    if (node.levelName !== null) found.levels.push(node.levelName);
  }
  return found;
}

/** A location's names up to the country, country first (at most `maxDepth` levels: a cycle ends there). */
export function hierarchyNames(code: string | null, master: MasterView, maxDepth = 16): string[] | null {
  const names: string[] = [];
  let at = code;
  for (let depth = 0; at !== null && depth < maxDepth; depth++) {
    const node = master.location(at);
    if (node === null) break;
    if (node.name !== null) names.push(node.name);
    at = node.parentCode;
  }
  return names.length === 0 ? null : names.reverse();
}
