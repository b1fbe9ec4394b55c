import { biometrics } from '../../normalise/biometrics.ts';
import { type Field, field, type JsonObject } from '../../normalise/fields.ts';
import { languages, location, oneOrMany, upperCodes } from '../../normalise/lists.ts';
import { quote, reject } from '../../normalise/rejection.ts';
import { text } from '../../normalise/scalars.ts';
import { timestamp } from '../../normalise/timestamp.ts';
import type { RowContext } from '../../normalise/types.ts';
import { eventYear, yearOfBirth } from '../../normalise/year-of-birth.ts';
import type { AuthenticationProfile } from './profile.ts';

/** ida's profile -> AuthenticationProfile. */
export function authenticationProfile(p: JsonObject, row: RowContext): AuthenticationProfile {
  const date = timestamp(field(p, '', 'date'));
  const errorCodes = oneOrMany(field(p, '', 'errorCodes', 'errorCode'));
  return {
    partnerName: text(field(p, '', 'partnerName')),
    date,
    yearOfBirth: yearOfBirth(field(p, '', 'yearOfBirth'), eventYear(date, row)),
    gender: text(field(p, '', 'gender')),
    location: location(field(p, '', 'location')),
    preferredLanguages: languages(field(p, '', 'preferredLanguages', 'preferredLanguage')),
    authFactors: upperCodes(field(p, '', 'authFactors')),
    biometrics: biometrics(field(p, '', 'biometricInfo')),
    success: success(field(p, '', 'status')),
    errorCodes: errorCodes && [...new Set(errorCodes)],
  };
}

const outcomes: Readonly<Record<string, boolean>> = {
  success: true,
  true: true,
  failure: false,
  false: false,
};

/** status "success" | "failure" (any case, or a boolean) -> true | false; another word is rejected. */
function success(f: Field): boolean | null {
  if (f.value === null) return null;
  if (typeof f.value === 'boolean') return f.value;
  const outcome = typeof f.value === 'string' ? outcomes[f.value.trim().toLowerCase()] : undefined;
  if (outcome === undefined) reject(f.path, `expected success or failure, got ${quote(f.value)}`);
  return outcome;
}
