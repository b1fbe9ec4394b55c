import type { QualityIssue } from './quality.ts';

/**
 * The parts canonical profiles share, whatever kind (each kind's own shape is in kinds/<kind>/profile.ts).
 * Field absent from the source -> null; present but empty list -> [].
 * Timestamps are ISO-8601 UTC strings with milliseconds ("2026-03-15T00:00:00.000Z").
 * Only declared fields pass; anything else in the source JSON is dropped (privacy).
 */

/** Biometric modality, upper case as regprc and the authFactors of ida write it. */
export const modalities = ['FINGER', 'IRIS', 'FACE'] as const;
export type Modality = (typeof modalities)[number];

/** The capture device, parsed from the `digitalId` JSON string of a biometric. */
export interface DigitalId {
  serialNo: string | null;
  make: string | null;
  model: string | null;
  /** Device type as the SBI reports it ("Finger", "Iris", "Face", "Biometric Device"). */
  type: string | null;
  deviceSubType: string | null;
  deviceProvider: string | null;
  dateTime: string | null;
}

/** One captured biometric (`biometricInfo[]` in every source). */
export interface Biometric {
  type: Modality;
  /** CBEFF sub type, e.g. "Left IndexFinger", "Right Thumb", "Left" (iris); null for face. */
  subType: string | null;
  /** 0..100. */
  qualityScore: number | null;
  attempts: number | null;
  /** null when absent or unparseable (the row is kept). */
  digitalId: DigitalId | null;
}

/** A biometric marked as an exception (e.g. a missing finger). */
export interface BiometricException {
  type: Modality;
  subType: string | null;
}

/** Demographic and capture facts shared by registration and issuance profiles. */
export interface IdentityProfile {
  yearOfBirth: number | null;
  /** Female, Male, Transgender, Confidential or Other, whatever the spelling (normalise/vocabulary.ts). */
  gender: string | null;
  /** The gender as written, when it is not the canonical spelling. */
  genderRaw: string | null;
  /** Location hierarchy, top level first; a missing level stays as null so positions keep their meaning. */
  location: (string | null)[] | null;
  /** ISO 639-3 codes, lower case. */
  preferredLanguages: string[] | null;
  /** Lower case, no nulls, no duplicates: "email", "phone". */
  channel: string[] | null;
  exceptions: BiometricException[] | null;
  verified: string[] | null;
  biometrics: Biometric[] | null;
  /** Document type or category codes as written ("POA", "CIN"). */
  documents: string[] | null;
}

/** Columns of the row the profile came from, used where the JSON itself falls short. */
export interface RowContext {
  /** regprc's process_stage column: the stage when the JSON lacks processStage. */
  processStage?: string | null;
  /** cr_dtimes: the reference year for yearOfBirth when the profile has no date. */
  createdAt?: string | Date | null;
}

/** A profile of its kind and the fields it could not use; or, when it is no profile at all, why. */
export type NormaliseResult<P> =
  | { ok: true; profile: P; issues: QualityIssue[] }
  | { ok: false; reason: string };
