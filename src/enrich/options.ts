import { defaultMaxAge } from './age.ts';
import { type AgeGroup, type AgeGroupsConfig, ageGroups, defaultAgeGroups } from './age-groups.ts';
import { type MasterView, noMasterData } from './master.ts';

export interface EnrichOptions {
  ageGroups: readonly AgeGroup[];
  /** Ages above this are implausible and count as unknown. */
  maxAge: number;
  /** Master data to join (centres, locations, document types): the sink's lookup table. */
  master: MasterView;
}

export const defaultEnrichOptions: EnrichOptions = {
  ageGroups: defaultAgeGroups,
  maxAge: defaultMaxAge,
  master: noMasterData,
};

/** Options from configuration; what is not given keeps its default (MOSIP's groups, 120 years). */
export function enrichOptions(
  config: { ageGroups?: AgeGroupsConfig; maxAge?: number; master?: MasterView } = {},
): EnrichOptions {
  const maxAge = config.maxAge ?? defaultMaxAge;
  if (!Number.isInteger(maxAge) || maxAge <= 0) throw new RangeError(`maxAge: expected a positive integer`);
  return {
    ageGroups: config.ageGroups ? ageGroups(config.ageGroups) : defaultAgeGroups,
    maxAge,
    master: config.master ?? noMasterData,
  };
}
