import type { RunningSink } from '../../sink/run.ts';
import type { SourceStats } from '../../source/connector-source.ts';
import type { RunningSource } from '../../source/run.ts';
import type { PipelineMetrics } from './metrics.ts';
import type { Health } from './server.ts';
import type { Progress, Stall } from './stalls.ts';

/** The parts of the pipeline this process runs, once they have started. */
export type Parts = { source?: RunningSource; sink?: RunningSink };

/**
 * What one connector's source is doing: its stream, and its snapshot job when a chunk is held up by an
 * older transaction (the stream moves on meanwhile, so the job is judged on its own). Pure.
 */
export function sourceProgress(connector: string, stats: SourceStats): Progress[] {
  const { state, backlog, lastProgressAt, problem } = stats;
  const pending = backlog > 0 || state === 'starting' || state === 'reconnecting';
  const progress: Progress[] = [{ component: 'source', connector, pending, lastProgressAt, problem }];
  const blocked = stats.snapshot.blocked;
  if (blocked)
    progress.push({
      component: 'source',
      connector,
      pending: true,
      lastProgressAt: blocked.since,
      problem: `snapshot: ${blocked.reason}`,
    });
  return progress;
}

/** What each connector of the running parts is doing, for stall detection. */
export function progressOf(parts: Parts, metrics: PipelineMetrics): Progress[] {
  const progress: Progress[] = [];
  for (const s of parts.source?.sources ?? []) progress.push(...sourceProgress(s.name, s.stats));
  const sink = parts.sink;
  if (sink) {
    for (const [connector, topic] of sink.connectorTopics) {
      progress.push({
        component: 'sink',
        connector,
        pending: (metrics.topicLag.get(topic) ?? 0) > 0,
        lastProgressAt: sink.stats.progress.get(connector) ?? sink.startedAt,
        problem: sink.stats.problem,
      });
    }
  }
  return progress;
}

/**
 * Liveness and readiness from what is known now. Not ready: still starting, a dependency unreachable, a
 * connector failed for good, reconnecting or stalled. Not live only when a restart is the cure (the sink's
 * consumer crashed for good): waiting on a dependency is not a reason to be killed.
 */
export function pipelineHealth(
  metrics: PipelineMetrics,
  parts: Parts,
  expected: { source: boolean; sink: boolean },
  currentStalls: () => readonly Stall[],
): Health {
  return {
    live: () => {
      const reasons =
        parts.sink && !parts.sink.healthy() ? ['the sink consumer crashed and will not restart'] : [];
      return { ok: reasons.length === 0, reasons };
    },
    ready: () => {
      const reasons: string[] = [];
      if (expected.source && !parts.source) reasons.push('source starting');
      if (expected.sink && !parts.sink) reasons.push('sink starting');
      for (const [dependency, up] of metrics.dependencies) if (!up) reasons.push(`${dependency} unreachable`);
      for (const [connector, up] of metrics.databases)
        if (!up) reasons.push(`database of ${connector} unreachable`);
      for (const s of parts.source?.sources ?? []) {
        const { state, problem } = s.stats;
        if (state === 'stopped' && problem) reasons.push(`source ${s.name} failed: ${problem}`);
        else if (state === 'reconnecting' || state === 'starting')
          reasons.push(`source ${s.name} ${state}${problem ? `: ${problem}` : ''}`);
      }
      for (const stall of currentStalls())
        reasons.push(`${stall.component} ${stall.connector} stalled: ${stall.reason}`);
      if (parts.sink && !parts.sink.healthy()) reasons.push('sink consumer crashed');
      return { ok: reasons.length === 0, reasons };
    },
  };
}
