import { createIdaSource } from './ida.ts';
import { createIdrepoSource } from './idrepo.ts';
import { createPreregSource } from './prereg.ts';
import { createRegprcSource } from './regprc.ts';
import type { GeneratorTable, RowSource, RowSourceOptions, SourceRow } from './source-row.ts';
import { windowClock } from './time.ts';

const factories: Record<GeneratorTable, (options: RowSourceOptions) => RowSource> = {
  prereg: createPreregSource,
  regprc: createRegprcSource,
  idrepo: createIdrepoSource,
  ida: createIdaSource,
};

/** The seeded row stream of one table; each table draws from its own stream of the seed. */
export function createRowSource(table: GeneratorTable, options: RowSourceOptions): RowSource {
  return factories[table](options);
}

/** The first `count` rows of a table for a seed, in the default window: for tests and previews. */
export function sampleRows(
  table: GeneratorTable,
  count: number,
  seed: string,
  clock = windowClock(),
  defects = true,
): SourceRow[] {
  const source = createRowSource(table, { seed, clock, defects });
  return Array.from({ length: count }, () => source.next());
}
