import { type Biometric, type BiometricException, type Modality, modalities } from '../normalise/types.ts';

/** Capture facts of one modality. */
export interface ModalitySummary {
  count: number;
  qualityMean: number | null;
  qualityMin: number | null;
  /** Sum of the known attempts; null when captures exist but none says how many attempts it took. */
  attempts: number | null;
  /** null when the source does not report exceptions (ida). */
  exceptions: number | null;
  /** Distinct capture devices as "make model", for "quality per device" terms aggregations. */
  device: string[];
  deviceMake: string[];
  deviceModel: string[];
}

export interface BiometricSummary {
  count: number;
  exceptions: number | null;
  /** Distinct capture devices of every modality, "make model". */
  device: string[];
  deviceSerial: string[];
  finger: ModalitySummary;
  iris: ModalitySummary;
  face: ModalitySummary;
}

/**
 * Per-modality counts, quality and devices, as flat keyword arrays rather than nested objects: a terms
 * aggregation on biometrics.finger.device with an avg of biometrics.finger.qualityMean needs no nested
 * aggregation. null when the profile carries neither biometrics nor exceptions (prereg).
 * Plain loops rather than filter/map chains: this runs for every record.
 */
export function biometricSummary(
  biometrics: readonly Biometric[] | null,
  exceptions: readonly BiometricException[] | null,
): BiometricSummary | null {
  if (biometrics === null && exceptions === null) return null;
  const captures = biometrics ?? [];
  const device: string[] = [];
  const deviceSerial: string[] = [];
  for (const b of captures) {
    addDistinct(device, deviceLabel(b));
    addDistinct(deviceSerial, b.digitalId?.serialNo ?? null);
  }
  return {
    count: captures.length,
    exceptions: exceptions === null ? null : exceptions.length,
    device,
    deviceSerial,
    finger: modalitySummary(captures, exceptions, modalities[0]),
    iris: modalitySummary(captures, exceptions, modalities[1]),
    face: modalitySummary(captures, exceptions, modalities[2]),
  };
}

/** The summary of the captures and exceptions of one modality. */
function modalitySummary(
  allCaptures: readonly Biometric[],
  allExceptions: readonly BiometricException[] | null,
  modality: Modality,
): ModalitySummary {
  let count = 0;
  let scoreCount = 0;
  let scoreSum = 0;
  let qualityMin = Number.POSITIVE_INFINITY;
  let attemptsCount = 0;
  let attemptsSum = 0;
  const device: string[] = [];
  const deviceMake: string[] = [];
  const deviceModel: string[] = [];
  for (const b of allCaptures) {
    if (b.type !== modality) continue;
    count++;
    if (b.qualityScore !== null) {
      scoreCount++;
      scoreSum += b.qualityScore;
      qualityMin = Math.min(qualityMin, b.qualityScore); // as Math.min(...scores), -0 and NaN included
    }
    if (b.attempts !== null) {
      attemptsCount++;
      attemptsSum += b.attempts;
    }
    addDistinct(device, deviceLabel(b));
    addDistinct(deviceMake, b.digitalId?.make ?? null);
    addDistinct(deviceModel, b.digitalId?.model ?? null);
  }
  return {
    count,
    qualityMean: scoreCount === 0 ? null : scoreSum / scoreCount,
    qualityMin: scoreCount === 0 ? null : qualityMin,
    attempts: count > 0 && attemptsCount === 0 ? null : attemptsSum,
    exceptions: allExceptions === null ? null : countOf(allExceptions, modality),
    device,
    deviceMake,
    deviceModel,
  };
}

/** "MOSIP SLAP01"; whichever of make and model is known; null when neither is. */
export function deviceLabel(b: Biometric): string | null {
  const make = b.digitalId?.make;
  const model = b.digitalId?.model;
  if (make && model) return `${make} ${model}`;
  return make || model || null;
}

function countOf(exceptions: readonly BiometricException[], modality: Modality): number {
  let count = 0;
  for (const e of exceptions) if (e.type === modality) count++;
  return count;
}

/** Appends a value not yet listed (first occurrence order, as a Set would keep); null is left out. */
function addDistinct(values: string[], value: string | null): void {
  if (value !== null && !values.includes(value)) values.push(value);
}
