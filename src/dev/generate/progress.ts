import cliProgress from 'cli-progress';
import { log } from '../../util/log.ts';
import type { GenerateProgress } from './generate-rows.ts';
import type { GeneratorTable } from './source-row.ts';

/** Shows how far each table is: bars on a terminal, a log line every few seconds otherwise. */
export type ProgressReporter = { update(progress: GenerateProgress): void; stop(): void };

export function createProgressReporter(
  tables: readonly GeneratorTable[],
  total: number | undefined,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  return stream.isTTY ? barReporter(tables, total, stream) : logReporter();
}

/** Rows per second since a table's first progress report. */
function speedometer(): (written: number) => number {
  let startedAt: number | undefined;
  return (written) => {
    const now = performance.now();
    startedAt ??= now;
    const seconds = (now - startedAt) / 1000;
    return seconds > 0 ? Math.round(written / seconds) : 0;
  };
}

function barReporter(
  tables: readonly GeneratorTable[],
  total: number | undefined,
  stream: NodeJS.WriteStream,
): ProgressReporter {
  const format =
    total === undefined
      ? '{table} {value} rows | {speed} rows/s | {duration_formatted}'
      : '{table} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}';
  const multi = new cliProgress.MultiBar(
    { stream, format, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const width = Math.max(...tables.map((t) => t.length));
  const bars = new Map(
    tables.map((table) => [
      table,
      { bar: multi.create(total ?? 0, 0, { table: table.padEnd(width), speed: 0 }), speed: speedometer() },
    ]),
  );
  return {
    update({ table, written }) {
      const entry = bars.get(table);
      entry?.bar.update(written, { speed: entry.speed(written) });
    },
    stop: () => multi.stop(),
  };
}

function logReporter(intervalMs = 5000): ProgressReporter {
  const last = new Map<GeneratorTable, number>();
  const speeds = new Map<GeneratorTable, (written: number) => number>();
  return {
    update({ table, written, total }) {
      let speed = speeds.get(table);
      if (!speed) {
        speed = speedometer();
        speeds.set(table, speed);
      }
      const rowsPerSecond = speed(written);
      const now = performance.now();
      if (written !== total && now - (last.get(table) ?? 0) < intervalMs) return;
      last.set(table, now);
      log.info({ table, written, total, rowsPerSecond }, 'generate: progress');
    },
    stop() {},
  };
}
