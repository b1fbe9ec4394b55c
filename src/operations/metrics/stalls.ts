/** What health knows of one connector's side (its source, or its part of the sink) at a moment. */
export type Progress = {
  component: 'source' | 'sink';
  connector: string;
  /** Whether it has work it is not getting done: records not yet in Kafka, a slot it cannot read, lag. */
  pending: boolean;
  /** When it last moved (epoch ms). */
  lastProgressAt: number;
  /** What it last failed on, if anything: the reason given when it is stalled. */
  problem: string | null;
};

export type Stall = { component: 'source' | 'sink'; connector: string; reason: string };

/** The connectors that have had work and made no progress for `stallMs`, each with the reason. Pure. */
export function stalls(progress: readonly Progress[], now: number, stallMs: number): Stall[] {
  const stalled: Stall[] = [];
  for (const p of progress) {
    const idleMs = now - p.lastProgressAt;
    if (!p.pending || idleMs < stallMs) continue;
    const since = `no progress for ${Math.round(idleMs / 1000)} s`;
    stalled.push({
      component: p.component,
      connector: p.connector,
      reason: p.problem ? `${since}: ${p.problem}` : since,
    });
  }
  return stalled;
}
