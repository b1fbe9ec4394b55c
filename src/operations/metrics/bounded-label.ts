/**
 * A label value of bounded cardinality for field paths: numbers inside a path become N ("location.level43"
 * -> "location.levelN", "biometricInfo[7].x" -> "biometricInfo[N].x"), and past `max` distinct values per
 * group (an index) every new one is "other". A misbehaving source then costs a few series, not thousands.
 */
export function boundedLabel(max: number): (group: string, path: string) => string {
  const seen = new Map<string, Set<string>>();
  return (group, path) => {
    const label = path.replace(/\d+/g, 'N');
    let values = seen.get(group);
    if (!values) {
      values = new Set();
      seen.set(group, values);
    }
    if (values.has(label)) return label;
    if (values.size >= max) return 'other';
    values.add(label);
    return label;
  };
}
