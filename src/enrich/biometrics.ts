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
 */
export function biometricSummary(
  biometrics: readonly Biometric[] | null,
  exceptions: readonly BiometricException[] | null,
): BiometricSummary | null {
  if (biometrics === null && exceptions === null) return null;
  const captures = biometrics ?? [];
  const summary = (m: Modality) =>
    modalitySummary(
      captures.filter((b) => b.type === m),
      exceptions === null ? null : exceptions.filter((e) => e.type === m),
    );
  return {
    count: captures.length,
    exceptions: exceptions === null ? null : exceptions.length,
    device: distinct(captures.map(deviceLabel)),
    deviceSerial: distinct(captures.map((b) => b.digitalId?.serialNo ?? null)),
    finger: summary(modalities[0]),
    iris: summary(modalities[1]),
    face: summary(modalities[2]),
  };
}

function modalitySummary(
  captures: readonly Biometric[],
  exceptions: readonly BiometricException[] | null,
): ModalitySummary {
  const scores = captures.map((b) => b.qualityScore).filter((q): q is number => q !== null);
  const attempts = captures.map((b) => b.attempts).filter((a): a is number => a !== null);
  return {
    count: captures.length,
    qualityMean: scores.length === 0 ? null : sum(scores) / scores.length,
    qualityMin: scores.length === 0 ? null : Math.min(...scores),
    attempts: captures.length > 0 && attempts.length === 0 ? null : sum(attempts),
    exceptions: exceptions === null ? null : exceptions.length,
    device: distinct(captures.map(deviceLabel)),
    deviceMake: distinct(captures.map((b) => b.digitalId?.make ?? null)),
    deviceModel: distinct(captures.map((b) => b.digitalId?.model ?? null)),
  };
}

/** "MOSIP SLAP01"; whichever of make and model is known; null when neither is. */
export function deviceLabel(b: Biometric): string | null {
  const parts = [b.digitalId?.make, b.digitalId?.model].filter((p): p is string => !!p);
  return parts.length === 0 ? null : parts.join(' ');
}

function distinct(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
