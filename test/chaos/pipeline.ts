import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { exited, startCli } from '../integration/support/child.ts';

/** `profile-cdc run` (or `sink`) as a child process: killed with -9 at will, its readiness and memory watched. */
export class PipelineProcess {
  private child: ChildProcess | undefined;
  peakRssBytes = 0;
  starts = 0;
  private sampler: NodeJS.Timeout | undefined;

  constructor(
    private readonly command: 'run' | 'sink',
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    readonly metricsPort: number,
  ) {}

  start(): void {
    this.child = startCli(
      [this.command],
      { ...this.env, PROFILE_CDC_METRICS_PORT: String(this.metricsPort) },
      this.logFile,
    );
    this.starts += 1;
    this.sampler ??= setInterval(() => this.sample(), 500);
  }

  /** kill -9: no flush, no commit, no confirm. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = undefined;
  }

  /** SIGTERM, and waits for a clean exit. */
  async stop(): Promise<void> {
    const child = this.child;
    clearInterval(this.sampler);
    this.sampler = undefined;
    if (!child) return;
    child.kill('SIGTERM');
    await exited(child);
    this.child = undefined;
  }

  private sample(): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (rss) this.peakRssBytes = Math.max(this.peakRssBytes, Number(rss) * 1024);
    } catch {
      // exited between two samples
    }
  }

  /** /readyz: 200, 503, or 0 when nothing answers (not started yet, or killed). */
  async readiness(): Promise<{ status: number; reasons: string[] }> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.metricsPort}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      const body = (await res.json()) as { reasons?: string[] };
      return { status: res.status, reasons: body.reasons ?? [] };
    } catch {
      return { status: 0, reasons: [] };
    }
  }

  /** A /metrics value (summed over its series), or undefined when the process does not answer. */
  async metric(name: string): Promise<number | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`, {
        signal: AbortSignal.timeout(2000),
      });
      let sum = 0;
      let found = false;
      for (const line of (await res.text()).split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
        found = true;
      }
      return found ? sum : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Polls readiness every 250 ms: what it said, and when. */
export class ReadinessLog {
  readonly samples: { at: number; status: number; reasons: string[] }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly pipeline: () => PipelineProcess) {}

  start(): void {
    this.timer = setInterval(async () => {
      if (this.busy) return;
      this.busy = true;
      try {
        this.samples.push({ at: Date.now(), ...(await this.pipeline().readiness()) });
      } finally {
        this.busy = false;
      }
    }, 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Whether readiness said 503 between `from` and `to`, for how long (the samples that said so, 250 ms each),
   * why, and when it first said 200 after `to`.
   */
  during(
    from: number,
    to: number,
  ): { notReady: boolean; notReadySeconds: number; reasons: string[]; readyAgainAt: number | undefined } {
    const refused = this.samples.filter((s) => s.at >= from && s.at <= to && s.status === 503);
    const readyAgainAt = this.samples.find((s) => s.at > to && s.status === 200)?.at;
    return {
      notReady: refused.length > 0,
      notReadySeconds: refused.length / 4,
      reasons: [...new Set(refused.flatMap((s) => s.reasons))],
      readyAgainAt,
    };
  }
}
