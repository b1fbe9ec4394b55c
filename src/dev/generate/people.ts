import { type Prng, Weighted } from './prng.ts';
import { utcYear } from './time.ts';

/** Gender as the services write it: MOSIP's master data values, and "" when not captured. */
const genders = new Weighted<string>([
  ['Male', 48.5],
  ['Female', 48.5],
  ['Others', 1],
  ['', 2],
]);

export function pickGender(rng: Prng): string {
  return genders.pick(rng);
}

/** Age bands [lo, hi) with their share; ages spread over 0-100 years. */
type AgeBands = Weighted<readonly [number, number]>;

/** Who registers: whole families, children included. */
export const registrantAges: AgeBands = new Weighted<readonly [number, number]>([
  [[0, 5], 7],
  [[5, 18], 18],
  [[18, 30], 25],
  [[30, 45], 24],
  [[45, 60], 15],
  [[60, 75], 8],
  [[75, 101], 3],
]);

/** Who authenticates: mostly working-age adults. */
export const authenticatorAges: AgeBands = new Weighted<readonly [number, number]>([
  [[5, 18], 3],
  [[18, 30], 32],
  [[30, 45], 33],
  [[45, 60], 20],
  [[60, 75], 9],
  [[75, 101], 3],
]);

/** A birth year 0-100 years before the event, drawn from the given age bands. */
export function pickBirthYear(rng: Prng, eventMs: number, ages: AgeBands): number {
  const [lo, hi] = ages.pick(rng);
  return utcYear(eventMs) - rng.int(lo, hi - 1);
}

/** MOSIP's three-letter language codes, as in the samples. */
const languages = new Weighted<string>([
  ['ara', 55],
  ['fra', 35],
  ['eng', 10],
]);

export function pickLanguage(rng: Prng): string {
  return languages.pick(rng);
}

/** One or two languages: Arabic plus French is common. */
export function pickLanguages(rng: Prng): string[] {
  const first = pickLanguage(rng);
  if (rng.chance(0.2)) return first === 'fra' ? ['ara', 'fra'] : [first, first === 'ara' ? 'fra' : 'ara'];
  return [first];
}

/** Which contact channels an applicant gave. */
export type Contact = { email: boolean; phone: boolean };

export function pickContact(rng: Prng): Contact {
  const phone = rng.chance(0.85);
  const email = rng.chance(phone ? 0.45 : 0.7);
  return { email, phone };
}
