import type { Prng } from './prng.ts';
import type { Json } from './source-row.ts';
import { utcYear } from './time.ts';

/**
 * Defects real tables hold, at low rates, so the demo and the tests go through the data-quality path
 * (docs/mosip-data.md): a birth year after the event or typed wrong, quality scores that are no number,
 * profiles without a channel key. Each costs one field of the row, never the row.
 */
export const defectRates = {
  futureBirthYear: 0.004,
  garbledBirthYear: 0.01,
  badScore: 0.01,
  noChannelKey: 0.02,
} as const;

/** What a year of birth typed into a form (prereg's portal, a partner's request) sometimes is. */
const garbledYears = ['19 85', '198O', 'unknown', '1985.5'] as const;

const badScores = ['NaN', '', 'good'] as const;

/** Adds the defects to a profile (or an idrepo sub-profile) of an event at `at`, in place. */
export function addDefects(rng: Prng, profile: { [key: string]: Json }, at: number): void {
  const year = profile.yearOfBirth;
  if ((typeof year === 'number' && year > 0) || (typeof year === 'string' && year !== '')) {
    if (rng.chance(defectRates.futureBirthYear)) {
      const future = utcYear(at) + rng.int(1, 30);
      profile.yearOfBirth = typeof year === 'number' ? future : String(future);
    } else if (typeof year === 'string' && rng.chance(defectRates.garbledBirthYear)) {
      profile.yearOfBirth = rng.pick(garbledYears);
    }
  }
  const captures = profile.biometricInfo;
  if (Array.isArray(captures)) {
    for (const capture of captures) {
      if (
        capture &&
        typeof capture === 'object' &&
        !Array.isArray(capture) &&
        rng.chance(defectRates.badScore)
      )
        capture.qualityScore = rng.pick(badScores);
    }
  }
  if ('channel' in profile && rng.chance(defectRates.noChannelKey)) delete profile.channel;
}
