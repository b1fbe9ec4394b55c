import type { Field } from './fields.ts';
import { quote, reject, wrongType } from './rejection.ts';
import { type Modality, modalities } from './types.ts';

/** FINGER / Finger / finger -> "FINGER". A missing or unknown modality is rejected: it cannot be counted. */
export function modality(f: Field): Modality {
  if (typeof f.value !== 'string') {
    return f.value === null ? reject(f.path, 'missing', 'missing') : wrongType(f, 'a modality');
  }
  const upper = f.value.trim().toUpperCase();
  const known = modalities.find((m) => m === upper);
  if (!known)
    reject(f.path, `unknown modality ${quote(f.value)} (known: ${modalities.join(', ')})`, 'unknown-code');
  return known;
}
