import { biometricExceptions, biometrics } from './biometrics.ts';
import { field, type JsonObject } from './fields.ts';
import { channels, codes, languages, location } from './lists.ts';
import { text } from './scalars.ts';
import type { IdentityProfile } from './types.ts';
import { yearOfBirth } from './year-of-birth.ts';

/** The identity facts every registration and issuance profile carries, at `base` in the JSON. */
export function identityProfile(p: JsonObject, base: string, eventYear: number): IdentityProfile {
  return {
    yearOfBirth: yearOfBirth(field(p, base, 'yearOfBirth'), eventYear),
    gender: text(field(p, base, 'gender')),
    location: location(field(p, base, 'location')),
    preferredLanguages: languages(field(p, base, 'preferredLanguages', 'preferredLanguage')),
    channel: channels(field(p, base, 'channel')),
    exceptions: biometricExceptions(field(p, base, 'exceptions')),
    verified: codes(field(p, base, 'verified')),
    biometrics: biometrics(field(p, base, 'biometricInfo')),
    documents: codes(field(p, base, 'documents')),
  };
}
