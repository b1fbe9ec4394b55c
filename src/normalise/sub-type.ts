const fingers = ['Thumb', 'IndexFinger', 'MiddleFinger', 'RingFinger', 'LittleFinger'];

/** CBEFF sub types as regprc writes them ("Left IndexFinger"); iris is "Left" / "Right". */
const known = [
  ...['Left', 'Right'].flatMap((side) => fingers.map((f) => `${side} ${f}`)),
  'Left',
  'Right',
  'UNKNOWN',
];

const key = (value: string): string => value.toLowerCase().replace(/[\s_-]+/g, '');
const byKey = new Map(known.map((k) => [key(k), k]));

/**
 * One spelling per sub type: "left thumb", "Left Index Finger", "LEFT_INDEXFINGER" -> the CBEFF spelling.
 * A sub type not in the list is kept as written (unknown spelling, not an impossible value).
 */
export function canonicalSubType(value: string | null): string | null {
  return value === null ? null : (byKey.get(key(value)) ?? value);
}
