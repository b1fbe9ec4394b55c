import { kindFiles, type ProfileKindDefinition } from '../kind.ts';
import { type IssuanceDocument, issuanceDocument } from './document.ts';
import { issuanceProfile } from './normalise.ts';
import type { IssuanceProfile } from './profile.ts';

/** Identities issued or updated (idrepo). */
export const issuance: ProfileKindDefinition<IssuanceProfile, IssuanceDocument> = {
  name: 'issuance',
  normalise: issuanceProfile,
  document: issuanceDocument,
  ...kindFiles(import.meta.dirname, 'issuance'),
};
