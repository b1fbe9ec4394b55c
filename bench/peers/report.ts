/** The peers benchmark's summary: one table per workload, then ratios of ours against each peer. */
import { fixed, int, mib, table } from '../support.ts';
import type { Measured, Skipped, Workload } from './measure.ts';

export type Outcome = Measured | Skipped;

const isMeasured = (o: Outcome): o is Measured => 'seconds' in o;
const perRow = (seconds: number, rows: number) => `${fixed((seconds / rows) * 1e6, 1)} us`;
const other = (m: Measured, label: string) =>
  m.cpu.others.find((o) => o.label === label)?.seconds ?? Number.NaN;
const bytesPerRecord = (m: Measured) =>
  m.kafka && m.kafka.records > 0 ? m.kafka.bytes / m.kafka.records : Number.NaN;

export function workloadTable(title: string, outcomes: readonly Outcome[]): string {
  const header = [
    'tool',
    'rows/s from start',
    'rows/s from 1st record',
    'seconds',
    'start-up (not timed)',
    'CPU/row: tool',
    'CPU/row: postgresql',
    'CPU/row: kafka',
    'machine busy',
    'peak RSS: tool',
    'records in Kafka',
    'bytes/record',
  ];
  const rows = outcomes.map((o) => {
    if (!isMeasured(o)) return [o.tool, `not measured: ${o.skipped}`, ...header.slice(2).map(() => '')];
    return [
      o.tool,
      int(o.rows / o.seconds),
      o.fromFirstSeconds === undefined ? '' : int(o.rows / o.fromFirstSeconds),
      fixed(o.seconds),
      o.startupSeconds === undefined ? '' : `${fixed(o.startupSeconds, 1)} s`,
      perRow(o.cpu.processSeconds, o.rows),
      perRow(other(o, 'postgresql'), o.rows),
      perRow(other(o, 'kafka'), o.rows),
      `${fixed(100 * o.cpu.machineBusy, 0)}%`,
      o.rssAtStart === undefined ? mib(o.peakRss) : `${mib(o.peakRss)} (${mib(o.rssAtStart)} at start)`,
      o.kafka ? int(o.kafka.records) : '',
      o.kafka ? int(bytesPerRecord(o)) : '',
    ];
  });
  return table(title, [header, ...rows]);
}

/** Ours against each other measured tool of the workload: > 1 in every column favours ours. */
export function ratioTable(workload: Workload, outcomes: readonly Outcome[]): string | undefined {
  const measured = outcomes.filter(isMeasured);
  const ours = measured.find((m) => m.tool.startsWith('profile-cdc'));
  const peers = measured.filter((m) => m !== ours);
  if (!ours || peers.length === 0) return undefined;
  const ratio = (a: number, b: number) => fixed(a / b, 2);
  return table(`${workload}: profile-cdc against each (above 1 favours profile-cdc)`, [
    [
      'profile-cdc vs',
      'rows/s: ours / theirs',
      'tool CPU/row: theirs / ours',
      'postgresql CPU/row: theirs / ours',
      'kafka CPU/row: theirs / ours',
      'bytes/record: theirs / ours',
    ],
    ...peers.map((p) => [
      p.tool,
      ratio(p.seconds, ours.seconds),
      ratio(p.cpu.processSeconds, ours.cpu.processSeconds),
      ratio(other(p, 'postgresql'), other(ours, 'postgresql')),
      ratio(other(p, 'kafka'), other(ours, 'kafka')),
      p.kafka ? ratio(bytesPerRecord(p), bytesPerRecord(ours)) : '',
    ]),
  ]);
}
