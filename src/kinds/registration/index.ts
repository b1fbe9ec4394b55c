import { kindFiles, type ProfileKindDefinition } from '../kind.ts';
import { type RegistrationDocument, registrationDocument } from './document.ts';
import { registrationProfile } from './normalise.ts';
import type { RegistrationProfile } from './profile.ts';

/** Enrolments: pre-registration applications (prereg) and registration processing stages (regprc). */
export const registration: ProfileKindDefinition<RegistrationProfile, RegistrationDocument> = {
  name: 'registration',
  normalise: registrationProfile,
  document: registrationDocument,
  ...kindFiles(import.meta.dirname, 'registration'),
};
