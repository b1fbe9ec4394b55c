/** Exponential backoff: `initialMs` doubled per attempt up to `maxMs`; with jitter, a random 50-100% of it. */
export type BackoffPolicy = { initialMs: number; maxMs: number; jitter: boolean };

/** Waits for a dependency to come back (Kafka, PostgreSQL, Elasticsearch) when nothing else is configured. */
export const dependencyBackoff: BackoffPolicy = { initialMs: 500, maxMs: 30_000, jitter: true };

/** How long to wait before retry number `attempt` (0 for the first retry). */
export function backoffMs(attempt: number, policy: BackoffPolicy): number {
  const ms = Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
  return policy.jitter ? ms * (0.5 + Math.random() / 2) : ms;
}
