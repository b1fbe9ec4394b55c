/** level1..levelN: one field per hierarchy level, top first. */
export type LocationLevels = { [level: `level${number}`]: string | null };

export type LocationFields = LocationLevels & {
  /** "Rabat Sale Kenitra > Kenitra"; null when no level is known. */
  path: string | null;
  /** Position of the deepest known level (0: none known); null when the profile has no location. */
  depth: number | null;
};

export const locationPathSeparator = ' > ';
/** Stands in the path for a missing level above a known one, so "A > (unknown) > C" keeps C at level 3. */
export const missingLevel = '(unknown)';

/**
 * The location hierarchy as level fields plus the full path and depth. Positions are levels, so a null
 * level stays null in its place; trailing missing levels do not count towards depth or path.
 */
export function locationFields(location: readonly (string | null)[] | null): LocationFields {
  if (location === null) return { path: null, depth: null };
  const levels: LocationLevels = {};
  location.forEach((name, i) => {
    levels[`level${i + 1}`] = name;
  });
  const depth = location.findLastIndex((name) => name !== null) + 1;
  const known = location.slice(0, depth).map((name) => name ?? missingLevel);
  return { ...levels, path: depth === 0 ? null : known.join(locationPathSeparator), depth };
}
