import type { Field } from './fields.ts';
import type { QualityLog } from './quality.ts';
import { text } from './scalars.ts';

/**
 * Gender as each service holds it ("male" in pre-registration, "Male" elsewhere, codes some deployments add),
 * by its lower-case spelling, to one canonical value: one bucket per gender in every chart.
 */
const genders: ReadonlyMap<string, string> = new Map([
  ['female', 'Female'],
  ['f', 'Female'],
  ['fle', 'Female'],
  ['male', 'Male'],
  ['m', 'Male'],
  ['mle', 'Male'],
  ['transgender', 'Transgender'],
  ['confidential', 'Confidential'],
  ['other', 'Other'],
  ['others', 'Other'],
  ['oth', 'Other'],
]);

/** The value gender takes for a code nobody mapped: visible as a bucket of its own, and counted as an issue. */
export const otherGender = 'Other';

/**
 * The canonical gender, and the value as written when it differs (so nothing is lost); an unknown code is
 * "Other" with the code kept, and a data-quality issue.
 */
export function gender(f: Field, q: QualityLog): { gender: string | null; genderRaw: string | null } {
  const raw = q.read(() => text(f));
  if (raw === null) return { gender: null, genderRaw: null };
  const canonical = genders.get(raw.toLowerCase());
  if (canonical === undefined) {
    q.add(f.path, 'unknown-code');
    return { gender: otherGender, genderRaw: raw };
  }
  return { gender: canonical, genderRaw: canonical === raw ? null : raw };
}
