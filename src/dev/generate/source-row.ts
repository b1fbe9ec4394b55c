import type { EventClock } from './time.ts';

/** The tables the generator can fill, named as their connectors (connectors/<name>.yaml). */
export const generatorTables = ['prereg', 'regprc', 'idrepo', 'ida'] as const;
export type GeneratorTable = (typeof generatorTables)[number];

export function isGeneratorTable(name: string): name is GeneratorTable {
  return (generatorTables as readonly string[]).includes(name);
}

/**
 * One row of an anonymous_profile table. upd_by, upd_dtimes and del_dtimes are always null
 * (rows are inserted once), so they are not carried.
 */
export type SourceRow = {
  id: string;
  /** regprc only: the process_stage column, equal to the profile's processStage. */
  processStage?: string;
  /** The profile JSON text, exactly as stored. */
  profile: string;
  crBy: string;
  /** `YYYY-MM-DD HH:MM:SS.mmm`, UTC. */
  crDtimes: string;
  /** null in prereg, whose column has no default; false elsewhere. */
  isDeleted: boolean | null;
};

/** An endless, seeded stream of rows for one table. */
export type RowSource = { next(): SourceRow };

export type RowSourceOptions = {
  /** Any string; the same seed (and clock) gives the same rows. */
  seed: string;
  clock: EventClock;
  /** Write the defects real tables hold (defects.ts); on unless a test wants the services' clean rows. */
  defects?: boolean;
};

/** The JSON-compatible values a profile is built from. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
