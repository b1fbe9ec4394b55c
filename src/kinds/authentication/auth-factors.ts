import type { AuthenticationProfile } from './profile.ts';

export const authMethods = ['biometric', 'demo', 'otp', 'pin', 'other'] as const;
export type AuthMethod = (typeof authMethods)[number];

export interface AuthenticationFacts {
  factorCount: number;
  /** Distinct methods of the factors, in authMethods order: ["biometric", "otp"]. */
  authMethods: AuthMethod[];
  /** One label for pie charts: "biometric + otp"; "none" when no factor is known. */
  authType: string;
  /** Whether any factor was a biometric (FINGER, IRIS, FACE). */
  biometricAuth: boolean;
}

const biometricFactors: ReadonlySet<string> = new Set(['FINGER', 'IRIS', 'FACE', 'BIO']);

/** The method of one auth factor: FINGER/IRIS/FACE biometric, OTP (and EMAIL_OTP...) otp, DEMO, PIN. */
export function authMethodOf(factor: string): AuthMethod {
  if (biometricFactors.has(factor)) return 'biometric';
  if (factor === 'OTP' || factor.endsWith('_OTP') || factor.startsWith('OTP_')) return 'otp';
  if (factor === 'DEMO') return 'demo';
  if (factor === 'PIN' || factor === 'SPIN') return 'pin';
  return 'other';
}

/** ida: how the resident authenticated. */
export function authenticationFacts(profile: AuthenticationProfile): AuthenticationFacts {
  const factors = profile.authFactors ?? [];
  const used = new Set(factors.map(authMethodOf));
  const methods = authMethods.filter((m) => used.has(m));
  return {
    factorCount: factors.length,
    authMethods: methods,
    authType: methods.length === 0 ? 'none' : methods.join(' + '),
    biometricAuth: used.has('biometric'),
  };
}
