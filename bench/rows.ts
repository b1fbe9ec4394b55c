/**
 * The source's work per row without any I/O: one sample row of each table through rowMessages (parse,
 * normalise, build the change record, Avro-encode it), against JSON.parse of the same profile text alone
 * (the floor every CDC tool that reads this JSON pays). Prints microseconds per row and the ratio.
 */
import { parseArgs } from 'node:util';
import type { Connector } from '../src/connectors/connector.ts';
import { loadConnectors } from '../src/connectors/load.ts';
import { createEncoder } from '../src/encode/encoder.ts';
import { readSample, sampleNames } from '../src/kinds/fixtures/samples.ts';
import { loadSchemas } from '../src/kinds/schemas.ts';
import { rowMessages } from '../src/source/messages.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
const rows = Number(values.rows);
const encoding = {
  encode: await createEncoder(loadSchemas()),
  topics: { records: 'bench.records', deadLetter: 'bench.dead-letter' },
  maxBytes: { records: 1_048_576, deadLetter: 1_048_576 },
  letters: { rawBytes: 4096, reasonChars: 2000 },
  maxProfileBytes: 4_000_000,
};
const at = { lsn: '0/16B3748', txId: 771, commitTime: Date.UTC(2026, 2, 16) };

/** Microseconds per call of `work` over `n` calls, after a warm-up; the best of three runs. */
function perCall(n: number, work: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 20_000); i++) work(i);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) work(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / n);
  }
  return best;
}

const table: string[][] = [['table', 'profile bytes', 'rowMessages us/row', 'JSON.parse us/row', 'ratio']];
for (const name of sampleNames) {
  const connector = loadConnectors().find((c) => c.name === name) as Connector;
  const sample = readSample(name);
  const base = { ...sample.row, profile: sample.text, cr_dtimes: '2026-03-15 11:02:09.104' };
  // Distinct ids, as a real table has: nothing is cached across rows by accident.
  const batch = Array.from({ length: 1000 }, (_, i) => ({ ...base, id: `${String(sample.row.id)}-${i}` }));
  const ours = perCall(rows, (i) =>
    rowMessages(connector, 'c', batch[i % 1000] as typeof base, at, encoding),
  );
  const floor = perCall(rows, (i) => JSON.parse((batch[i % 1000] as typeof base).profile));
  table.push([
    connector.name,
    String(sample.text.length),
    ours.toFixed(2),
    floor.toFixed(2),
    `${(ours / floor).toFixed(1)}x`,
  ]);
}
const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length))) ?? [];
for (const r of table)
  process.stdout.write(`${r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ')}\n`);
