import type { Biometric } from '../../normalise/types.ts';

/** ida: one row per authentication request. */
export interface AuthenticationProfile {
  partnerName: string | null;
  date: string | null;
  yearOfBirth: number | null;
  /** Canonical, see normalise/vocabulary.ts. */
  gender: string | null;
  /** The gender as written, when it is not the canonical spelling. */
  genderRaw: string | null;
  location: (string | null)[] | null;
  preferredLanguages: string[] | null;
  /** Upper case: "OTP", "FINGER", "DEMO" ... */
  authFactors: string[] | null;
  biometrics: Biometric[] | null;
  /** status "success" -> true, "failure" -> false. */
  success: boolean | null;
  errorCodes: string[] | null;
}
