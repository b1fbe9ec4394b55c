/**
 * Canonical anonymous profiles: one shape per profile kind, whatever service or spec spelling
 * wrote the row. Field absent from the source -> null; present but empty list -> [].
 * Timestamps are ISO-8601 UTC strings with milliseconds ("2026-03-15T00:00:00.000Z").
 * Only the fields below pass; anything else in the source JSON is dropped (privacy).
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
  gender: string | null;
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

/** The registration client's or browser's device (regprc / prereg `device{}`). */
export interface RegistrationDevice {
  id: string | null;
  software: string | null;
  version: string | null;
  os: string | null;
  browser: string | null;
  browserVersion: string | null;
  year: string | null;
}

/** prereg (one row per application) and regprc (one row per processing stage). */
export interface RegistrationProfile extends IdentityProfile {
  /** "preregistration" (prereg), "NEW" | "UPDATE" | "LOST" ... (regprc), as written. */
  processName: string | null;
  processStage: string | null;
  status: string | null;
  date: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  /** The spec's registrationCenterId; the services write enrollmentCenterId. */
  registrationCenterId: string | null;
  device: RegistrationDevice | null;
  /** From `assisted[0]`. */
  operatorId: string | null;
  /** From `assisted[1]`. */
  supervisorId: string | null;
}

export const issuanceProcesses = ['NEW', 'UPDATE'] as const;
export type IssuanceProcess = (typeof issuanceProcesses)[number];

/** idrepo: one row per identity created (NEW) or updated (UPDATE). */
export interface IssuanceProfile {
  processName: IssuanceProcess;
  date: string | null;
  /** null for a new identity (the service writes {}). */
  oldProfile: IdentityProfile | null;
  newProfile: IdentityProfile;
}

/** ida: one row per authentication request. */
export interface AuthenticationProfile {
  partnerName: string | null;
  date: string | null;
  yearOfBirth: number | null;
  gender: string | null;
  location: (string | null)[] | null;
  preferredLanguages: string[] | null;
  /** Upper case: "OTP", "FINGER", "DEMO" ... */
  authFactors: string[] | null;
  biometrics: Biometric[] | null;
  /** status "success" -> true, "failure" -> false. */
  success: boolean | null;
  errorCodes: string[] | null;
}

/** The canonical shape of each profile kind (see src/connectors/connector.ts). */
export interface CanonicalProfiles {
  registration: RegistrationProfile;
  issuance: IssuanceProfile;
  authentication: AuthenticationProfile;
}

/** Columns of the row the profile came from, used where the JSON itself falls short. */
export interface RowContext {
  /** regprc's process_stage column: the stage when the JSON lacks processStage. */
  processStage?: string | null;
  /** cr_dtimes: the reference year for yearOfBirth when the profile has no date. */
  createdAt?: string | Date | null;
}

export type NormaliseResult<P> = { ok: true; profile: P } | { ok: false; reason: string };
