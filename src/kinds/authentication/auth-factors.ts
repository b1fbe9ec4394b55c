import type { AuthenticationProfile } from './profile.ts';

/** What kind of proof a factor is. */
export const authMethods = ['biometric', 'demographic', 'otp', 'pin', 'ekyc', 'other'] as const;
export type AuthMethod = (typeof authMethods)[number];

/** Which biometric, when the factor names one; "unknown" for a biometric factor that does not (BIO-AUTH). */
export const authModalities = ['finger', 'iris', 'face', 'unknown'] as const;
export type AuthModality = (typeof authModalities)[number];

export type FactorClass = { method: AuthMethod; modality: AuthModality | null };

const biometric = (modality: AuthModality): FactorClass => ({ method: 'biometric', modality });
const plain = (method: AuthMethod): FactorClass => ({ method, modality: null });

/**
 * The codes ID authentication writes (its request types: OTP-AUTH, FINGER-AUTH ...), the published spec's
 * bare names (OTP, FINGER ...) and the variants seen in its API docs, by their upper-case spelling.
 */
const known: ReadonlyMap<string, FactorClass> = new Map([
  ...['FINGER', 'FINGER-AUTH', 'FINGERPRINT', 'FINGERPRINT-AUTH'].map(
    (c) => [c, biometric('finger')] as const,
  ),
  ...['IRIS', 'IRIS-AUTH'].map((c) => [c, biometric('iris')] as const),
  ...['FACE', 'FACE-AUTH'].map((c) => [c, biometric('face')] as const),
  ...['BIO', 'BIO-AUTH', 'BIOMETRIC', 'BIOMETRIC-AUTH'].map((c) => [c, biometric('unknown')] as const),
  ...['OTP', 'OTP-AUTH', 'OTP-REQUEST'].map((c) => [c, plain('otp')] as const),
  ...['DEMO', 'DEMO-AUTH', 'DEMOGRAPHIC'].map((c) => [c, plain('demographic')] as const),
  ...['PIN', 'PIN-AUTH', 'SPIN', 'SPIN-AUTH', 'STATICPIN-STORE-REQUEST'].map(
    (c) => [c, plain('pin')] as const,
  ),
  ...['EKYC', 'EKYC-AUTH', 'KYC', 'KYC-AUTH'].map((c) => [c, plain('ekyc')] as const),
]);

/** The class of one factor code; a code nobody wrote down is "other" (and a data-quality issue). */
export function factorClass(code: string): FactorClass {
  const found = known.get(code);
  if (found) return found;
  // OTP channels some deployments name: EMAIL_OTP, SMS-OTP, OTP_EMAIL ...
  if (/(^|[_-])OTP([_-]|$)/.test(code)) return plain('otp');
  return plain('other');
}

export const isKnownFactor = (code: string): boolean => factorClass(code).method !== 'other';

/** The method of one auth factor (see factorClass). */
export const authMethodOf = (factor: string): AuthMethod => factorClass(factor).method;

export interface AuthenticationFacts {
  factorCount: number;
  /** Distinct methods of the factors, in authMethods order: ["biometric", "otp"]. */
  authMethods: AuthMethod[];
  /** Distinct biometric modalities the factors name, in authModalities order. */
  authModalities: AuthModality[];
  /** One label for pie charts: "biometric + otp"; "none" when no factor is known. */
  authType: string;
  /** Whether any factor was a biometric. */
  biometricAuth: boolean;
}

/** ida: how the resident authenticated. */
export function authenticationFacts(profile: AuthenticationProfile): AuthenticationFacts {
  const factors = profile.authFactors ?? [];
  const methods = new Set<AuthMethod>();
  const modalities = new Set<AuthModality>();
  for (const factor of factors) {
    const { method, modality } = factorClass(factor);
    methods.add(method);
    if (modality) modalities.add(modality);
  }
  const ordered = authMethods.filter((m) => methods.has(m));
  return {
    factorCount: factors.length,
    authMethods: ordered,
    authModalities: authModalities.filter((m) => modalities.has(m)),
    authType: ordered.length === 0 ? 'none' : ordered.join(' + '),
    biometricAuth: methods.has('biometric'),
  };
}
