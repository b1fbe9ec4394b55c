import type { Biometric } from '../../normalise/types.ts';

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
