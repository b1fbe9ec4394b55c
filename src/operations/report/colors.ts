/**
 * Colours of a report: a value keeps one colour in every chart (Female is the same pink everywhere), and
 * "unknown" is always grey, so a reader compares charts at a glance.
 */
export const palette = [
  '#54b399',
  '#6092c0',
  '#d36086',
  '#9170b8',
  '#ca8eae',
  '#d6bf57',
  '#b9a888',
  '#da8b45',
  '#aa6556',
  '#e7664c',
];

const grey = '#98a2b3';

/** Values whose colour means something on its own. */
const fixed: Record<string, string> = {
  female: '#d36086',
  male: '#6092c0',
  others: '#9170b8',
  other: '#9170b8',
  unknown: grey,
  '(missing)': grey,
  success: '#54b399',
  failure: '#e7664c',
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A colour for each value of one chart: its fixed colour, else the palette entry its name hashes to
 * (the same in every chart), moved to the next free entry only when another value of this chart has it.
 * Pure.
 */
export function valueColors(values: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const used = new Set<string>();
  for (const v of values) {
    const color = fixed[v.toLowerCase()];
    if (color) {
      colors.set(v, color);
      used.add(color);
    }
  }
  for (const v of values) {
    if (colors.has(v)) continue;
    const start = hash(v);
    let color = palette[start % palette.length] as string;
    for (let probe = 1; used.has(color) && probe < palette.length; probe++)
      color = palette[(start + probe) % palette.length] as string;
    colors.set(v, color);
    used.add(color);
  }
  return colors;
}

/** "0-5", "5-18", "60+", "2026-03": ordinal labels; with "unknown" or "other" among them at the end. */
const ordinal = /^(\d+(?:\.\d+)?)(?:\s*[-–]\s*\d+(?:\.\d+)?|\+)?$/;
/** A range or an open end: plain numbers alone (centre ids, codes) are names, not an ordinal scale. */
const range = /[-–+]/;
const last = new Set(['unknown', 'other', '(missing)']);

/**
 * Categories in their natural order when they are all numeric ranges ("0-5" before "18-60", "60+" after
 * them, unknown last); any other list keeps the order it came in (Elasticsearch's: by count or by key),
 * so the top centres by count, whose ids are numbers, stay in the order of their counts.
 * Pure.
 */
export function naturalOrder(categories: readonly string[]): string[] {
  const known = categories.filter((c) => !last.has(c.toLowerCase()));
  if (known.length < 2 || !known.every((c) => ordinal.test(c)) || !known.some((c) => range.test(c)))
    return [...categories];
  const start = (c: string) => Number(ordinal.exec(c)?.[1]);
  return [
    ...known.sort((a, b) => start(a) - start(b)),
    ...categories.filter((c) => last.has(c.toLowerCase())),
  ];
}
