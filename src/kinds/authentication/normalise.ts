import { biometrics } from '../../normalise/biometrics.ts';
import { type Field, field, type JsonObject } from '../../normalise/fields.ts';
import { languages, location, oneOrMany, upperCodes } from '../../normalise/lists.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { text } from '../../normalise/scalars.ts';
import { timestamp } from '../../normalise/timestamp.ts';
import type { RowContext } from '../../normalise/types.ts';
import { gender } from '../../normalise/vocabulary.ts';
import { eventYear, yearOfBirth } from '../../normalise/year-of-birth.ts';
import { isKnownFactor } from './auth-factors.ts';
import type { AuthenticationProfile } from './profile.ts';

/** ida's profile -> AuthenticationProfile. A field that cannot be read is null, its issue in `q`. */
export function authenticationProfile(p: JsonObject, row: RowContext, q: QualityLog): AuthenticationProfile {
  const date = q.read(() => timestamp(field(p, '', 'date')));
  const errorCodes = q.read(() => oneOrMany(field(p, '', 'errorCodes', 'errorCode'), q));
  const factors = field(p, '', 'authFactors');
  const authFactors = q.read(() => upperCodes(factors, q));
  // A code nobody mapped counts as "other": kept, and counted as an issue so that it gets noticed.
  if (authFactors?.some((f) => !isKnownFactor(f))) q.add(factors.path, 'unknown-code');
  const sex = gender(field(p, '', 'gender'), q);
  return {
    partnerName: q.read(() => text(field(p, '', 'partnerName'))),
    date,
    yearOfBirth: q.read(() => yearOfBirth(field(p, '', 'yearOfBirth'), eventYear(date, row))),
    gender: sex.gender,
    genderRaw: sex.genderRaw,
    location: q.read(() => location(field(p, '', 'location'), q)),
    preferredLanguages: q.read(() => languages(field(p, '', 'preferredLanguages', 'preferredLanguage'), q)),
    authFactors,
    biometrics: q.read(() => biometrics(field(p, '', 'biometricInfo'), q)),
    success: success(field(p, '', 'status'), q),
    errorCodes: errorCodes && [...new Set(errorCodes)],
  };
}

const outcomes: Readonly<Record<string, boolean>> = {
  success: true,
  true: true,
  failure: false,
  false: false,
};

/** status "success" | "failure" (any case, or a boolean) -> true | false; another word is unknown (null). */
function success(f: Field, q: QualityLog): boolean | null {
  if (f.value === null) return null;
  if (typeof f.value === 'boolean') return f.value;
  const outcome = typeof f.value === 'string' ? outcomes[f.value.trim().toLowerCase()] : undefined;
  if (outcome === undefined) q.add(f.path, typeof f.value === 'string' ? 'unknown-code' : 'wrong-type');
  return outcome ?? null;
}
