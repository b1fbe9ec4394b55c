import { digitalId } from './digital-id.ts';
import { elements, entry, type Field, field } from './fields.ts';
import { modality } from './modality.ts';
import type { QualityLog } from './quality.ts';
import { decimal, integer, text } from './scalars.ts';
import { canonicalSubType } from './sub-type.ts';
import type { Biometric, BiometricException } from './types.ts';

/**
 * biometricInfo[]: type in any case, subType or ida's subtype, numbers as numbers or strings. A capture
 * that is not an object, or of no known modality, cannot be counted anywhere: it is left out (and recorded);
 * a bad score or attempt count costs that value only.
 */
export function biometrics(f: Field, q: QualityLog): Biometric[] | null {
  const items = elements(f);
  if (items === null) return null;
  const captures: Biometric[] = [];
  for (const item of items) {
    const b = q.read(() => entry(item));
    const type = b && q.read(() => modality(field(b, item.path, 'type')));
    if (b === null || type === null) continue;
    captures.push({
      type,
      subType: canonicalSubType(q.read(() => text(field(b, item.path, 'subType', 'subtype')))),
      qualityScore: q.read(() => decimal(field(b, item.path, 'qualityScore'), 0, 100)),
      attempts: q.read(() => integer(field(b, item.path, 'attempts'), 0, Number.MAX_SAFE_INTEGER)),
      digitalId: digitalId(b.digitalId),
    });
  }
  return captures;
}

/** exceptions[]: the biometrics that could not be captured, e.g. {type: "Finger", subType: "Left LittleFinger"}. */
export function biometricExceptions(f: Field, q: QualityLog): BiometricException[] | null {
  const items = elements(f);
  if (items === null) return null;
  const exceptions: BiometricException[] = [];
  for (const item of items) {
    const e = q.read(() => entry(item));
    const type = e && q.read(() => modality(field(e, item.path, 'type')));
    if (e === null || type === null) continue;
    exceptions.push({
      type,
      subType: canonicalSubType(q.read(() => text(field(e, item.path, 'subType', 'subtype')))),
    });
  }
  return exceptions;
}
