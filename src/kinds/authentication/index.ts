import { kindFiles, type ProfileKindDefinition } from '../kind.ts';
import { type AuthenticationDocument, authenticationDocument } from './document.ts';
import { authenticationProfile } from './normalise.ts';
import type { AuthenticationProfile } from './profile.ts';

/** Authentication requests (ida). */
export const authentication: ProfileKindDefinition<AuthenticationProfile, AuthenticationDocument> = {
  name: 'authentication',
  normalise: authenticationProfile,
  document: authenticationDocument,
  ...kindFiles(import.meta.dirname, 'authentication'),
};
