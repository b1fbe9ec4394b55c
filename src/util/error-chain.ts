/**
 * An error and every error it wraps (`cause`, the `errors` of an aggregate), each once, outermost first:
 * clients wrap what decided a failure (a retrier giving up, a connection error) in errors of their own.
 */
export function errorChain(err: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (typeof e !== 'object' || e === null || seen.has(e)) return;
    seen.add(e);
    const link = e as Record<string, unknown>;
    chain.push(link);
    walk(link.cause);
    if (Array.isArray(link.errors)) for (const inner of link.errors) walk(inner);
  };
  walk(err);
  return chain;
}
