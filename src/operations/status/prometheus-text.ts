/** One sample of Prometheus' text exposition format: a metric name, its labels and its value. */
export type Sample = { name: string; labels: Record<string, string>; value: number };

const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const unescapeValue = (v: string) => v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Parses `/metrics` output (comments and malformed lines are skipped). Pure. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const m = line.exec(raw.trim());
    if (!m || raw.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(label)) labels[l[1] as string] = unescapeValue(l[2] as string);
    const value = Number(m[3] === '+Inf' ? Number.POSITIVE_INFINITY : m[3]);
    if (!Number.isNaN(value)) samples.push({ name: m[1] as string, labels, value });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include `where` (0 when there are none). */
export function sum(samples: readonly Sample[], name: string, where: Record<string, string> = {}): number {
  return pick(samples, name, where).reduce((n, s) => n + s.value, 0);
}

/** The metric's samples whose labels include `where`. */
export function pick(samples: readonly Sample[], name: string, where: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v));
}
