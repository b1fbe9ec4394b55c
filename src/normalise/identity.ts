import { biometricExceptions, biometrics } from './biometrics.ts';
import { field, type JsonObject } from './fields.ts';
import { channels, codes, languages, location } from './lists.ts';
import type { QualityLog } from './quality.ts';
import type { IdentityProfile } from './types.ts';
import { gender } from './vocabulary.ts';
import { yearOfBirth } from './year-of-birth.ts';

/**
 * The identity facts every registration and issuance profile carries, at `base` in the JSON. Each field
 * that cannot be read is null, its issue in `q`.
 */
export function identityProfile(
  p: JsonObject,
  base: string,
  eventYear: number,
  q: QualityLog,
): IdentityProfile {
  const sex = gender(field(p, base, 'gender'), q);
  return {
    yearOfBirth: q.read(() => yearOfBirth(field(p, base, 'yearOfBirth'), eventYear)),
    gender: sex.gender,
    genderRaw: sex.genderRaw,
    location: q.read(() => location(field(p, base, 'location'), q)),
    preferredLanguages: q.read(() => languages(field(p, base, 'preferredLanguages', 'preferredLanguage'), q)),
    channel: q.read(() => channels(field(p, base, 'channel'), q)),
    exceptions: q.read(() => biometricExceptions(field(p, base, 'exceptions'), q)),
    verified: q.read(() => codes(field(p, base, 'verified'), q)),
    biometrics: q.read(() => biometrics(field(p, base, 'biometricInfo'), q)),
    documents: q.read(() => codes(field(p, base, 'documents'), q)),
  };
}
