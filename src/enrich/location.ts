/** level1..levelN: one field per hierarchy level, top first. */
export type LocationLevels = { [level: `level${number}`]: string | null };

export type LocationFields = LocationLevels & {
  /** "Rabat Sale Kenitra > Kenitra"; null when no level is known. */
  path: string | null;
  /** Position of the deepest known level (0: none known); null when the profile has no location. */
  depth: number | null;
};

const locationPathSeparator = ' > ';
/** Stands in the path for a missing level above a known one, so "A > (unknown) > C" keeps C at level 3. */
const missingLevel = '(unknown)';

/**
 * The location hierarchy as level fields plus the full path and depth. Positions are levels, so a null
 * level stays null in its place; trailing missing levels do not count towards depth or path.
 * Built in one object, levels first (their order is the document's), with no intermediate arrays.
 */
export function locationFields(location: readonly (string | null)[] | null): LocationFields {
  if (location === null) return { path: null, depth: null };
  const fields = {} as LocationFields;
  let depth = 0;
  for (let i = 0; i < location.length; i++) {
    const name = location[i] as string | null;
    fields[levelKey(i)] = name;
    if (name !== null) depth = i + 1;
  }
  fields.path = depth === 0 ? null : pathOf(location, depth);
  fields.depth = depth;
  return fields;
}

/** "A > (unknown) > C" from the first `depth` levels. */
function pathOf(location: readonly (string | null)[], depth: number): string {
  let path = location[0] ?? missingLevel;
  for (let i = 1; i < depth; i++) path += locationPathSeparator + (location[i] ?? missingLevel);
  return path;
}

// "level1", "level2"...: made once, not per record.
const levelKeys: `level${number}`[] = [];
function levelKey(index: number): `level${number}` {
  levelKeys[index] ??= `level${index + 1}`;
  return levelKeys[index];
}
