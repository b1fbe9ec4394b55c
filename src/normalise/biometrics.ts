import { digitalId } from './digital-id.ts';
import { elements, entry, type Field, field } from './fields.ts';
import { modality } from './modality.ts';
import { decimal, integer, text } from './scalars.ts';
import { canonicalSubType } from './sub-type.ts';
import type { Biometric, BiometricException } from './types.ts';

/** biometricInfo[]: type in any case, subType or ida's subtype, numbers as numbers or strings. */
export function biometrics(f: Field): Biometric[] | null {
  return (
    elements(f)?.map((item) => {
      const b = entry(item);
      return {
        type: modality(field(b, item.path, 'type')),
        subType: canonicalSubType(text(field(b, item.path, 'subType', 'subtype'))),
        qualityScore: decimal(field(b, item.path, 'qualityScore'), 0, 100),
        attempts: integer(field(b, item.path, 'attempts'), 0, Number.MAX_SAFE_INTEGER),
        digitalId: digitalId(b.digitalId),
      };
    }) ?? null
  );
}

/** exceptions[]: the biometrics that could not be captured, e.g. {type: "Finger", subType: "Left LittleFinger"}. */
export function biometricExceptions(f: Field): BiometricException[] | null {
  return (
    elements(f)?.map((item) => {
      const e = entry(item);
      return {
        type: modality(field(e, item.path, 'type')),
        subType: canonicalSubType(text(field(e, item.path, 'subType', 'subtype'))),
      };
    }) ?? null
  );
}
