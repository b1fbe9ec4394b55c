import { pick, type Sample, sum } from './prometheus-text.ts';

/** What the services say of one connector, asked directly (null: not known, e.g. unreachable). */
export type DirectFacts = {
  slotLagBytes: number | null;
  walStatus: string | null;
  consumerLag: number | null;
  documents: number | null;
};

/** What the running pipeline says: its metrics and readiness, or null when no endpoint answered. */
export type ProcessFacts = { samples: Sample[]; ready: { ok: boolean; reasons: string[] } } | null;

export type ConnectorStatus = {
  connector: string;
  state: string;
  slotLag: string;
  lastCommit: string;
  published: string;
  consumerLag: string;
  documents: string;
  deadLetters: string;
  qualityIssues: string;
};

const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
const count = (n: number | null) => (n === null ? '?' : n.toLocaleString('en-US'));
const ago = (seconds: number) =>
  seconds < 120
    ? `${Math.round(seconds)} s ago`
    : seconds < 7200
      ? `${Math.round(seconds / 60)} min ago`
      : `${Math.round(seconds / 3600)} h ago`;

/** What the connector is doing, as its metrics tell it. */
function stateOf(connector: string, samples: readonly Sample[]): string {
  const c = { connector };
  if (sum(samples, 'profile_cdc_stalled', c) > 0) return 'stalled';
  if (sum(samples, 'profile_cdc_source_snapshot_running', c) > 0) {
    const expected = sum(samples, 'profile_cdc_source_snapshot_rows_expected', c);
    const done = sum(samples, 'profile_cdc_source_snapshot_rows_done', c);
    const pct = expected > 0 ? Math.min(99, Math.floor((100 * done) / expected)) : 0;
    const eta = sum(samples, 'profile_cdc_source_snapshot_eta_seconds', c);
    return `snapshot ${pct}%${eta > 0 ? `, ${Math.ceil(eta)} s left` : ''}`;
  }
  const streaming = pick(samples, 'profile_cdc_source_streaming', c);
  if (streaming.length === 0) return 'sink only';
  return streaming.some((s) => s.value > 0) ? 'streaming' : 'reconnecting';
}

/** One connector's line of `profile-cdc status`. Pure. */
export function connectorStatus(
  connector: { name: string; topic: string },
  process: ProcessFacts,
  direct: DirectFacts,
): ConnectorStatus {
  const samples = process?.samples ?? [];
  const c = { connector: connector.name };
  const has = (name: string) => pick(samples, name, c).length > 0;
  const lagSeconds = sum(samples, 'profile_cdc_source_lag_seconds', c);
  const slot =
    direct.slotLagBytes === null
      ? '?'
      : `${bytes(direct.slotLagBytes)}${direct.walStatus && direct.walStatus !== 'reserved' ? ` (${direct.walStatus})` : ''}`;
  const metricLag = pick(samples, 'profile_cdc_sink_consumer_lag', { topic: connector.topic });
  const consumerLag =
    direct.consumerLag ?? (metricLag.length ? sum(metricLag, 'profile_cdc_sink_consumer_lag') : null);
  const deadLetters =
    sum(samples, 'profile_cdc_source_dead_letters_total', c) +
    sum(samples, 'profile_cdc_sink_dead_letters_total', c);
  return {
    connector: connector.name,
    state: process ? stateOf(connector.name, samples) : 'not running',
    slotLag: slot,
    lastCommit: !has('profile_cdc_source_lag_seconds') ? '-' : lagSeconds > 0 ? ago(lagSeconds) : 'none yet',
    published: has('profile_cdc_source_events_published_total')
      ? count(sum(samples, 'profile_cdc_source_events_published_total', c))
      : '-',
    consumerLag: count(consumerLag),
    documents: count(direct.documents),
    deadLetters: process ? count(deadLetters) : '-',
    qualityIssues: process ? count(sum(samples, 'profile_cdc_field_issues_total', c)) : '-',
  };
}

const columns: [keyof ConnectorStatus, string][] = [
  ['connector', 'connector'],
  ['state', 'state'],
  ['slotLag', 'slot lag'],
  ['lastCommit', 'last commit'],
  ['published', 'published'],
  ['consumerLag', 'consumer lag'],
  ['documents', 'documents'],
  ['deadLetters', 'dead letters'],
  ['qualityIssues', 'quality issues'],
];

/** The screen: where it read from, readiness with its reasons, and a table of the connectors. Pure. */
export function formatStatus(
  rows: readonly ConnectorStatus[],
  process: ProcessFacts,
  endpoints: readonly string[],
  at: Date,
): string {
  const head = process
    ? `pipeline ${process.ready.ok ? 'ready' : 'NOT READY'} (${endpoints.join(', ')})`
    : `no pipeline answered at ${endpoints.join(', ')}: services asked directly`;
  const lines = [`profile-cdc status, ${at.toISOString().replace('T', ' ').slice(0, 19)} UTC: ${head}`];
  for (const reason of process?.ready.reasons ?? []) lines.push(`  - ${reason}`);
  lines.push('');
  const widths = columns.map(([key, title]) => Math.max(title.length, ...rows.map((r) => r[key].length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  lines.push(render(columns.map(([, title]) => title)));
  for (const r of rows) lines.push(render(columns.map(([key]) => r[key])));
  lines.push('', 'dead letters and quality issues: counted by the running process since it started');
  return `${lines.join('\n')}\n`;
}
