import {
  fingerSubtypes,
  irisSubtypes,
  type Modality,
  pickDevice,
  qualityScore,
  shortDigitalId,
} from './biometrics.ts';
import { addDefects } from './defects.ts';
import { authenticatorAges, pickBirthYear, pickGender, pickLanguages } from './people.ts';
import { pickPlace } from './places.ts';
import { Prng, Weighted } from './prng.ts';
import type { Json, RowSource, RowSourceOptions, SourceRow } from './source-row.ts';
import { eventTime, isoDate, sqlTimestamp } from './time.ts';

const specSpellingRate = 0.03;

type AuthFactor = 'OTP' | 'FINGER' | 'IRIS' | 'FACE' | 'DEMO';

/** A relying party: how much it authenticates, with which factors, and how often its users fail. */
type Partner = { name: string; weight: number; factors: Weighted<AuthFactor[]>; failureScale: number };

function partner(
  name: string,
  weight: number,
  failureScale: number,
  factors: [AuthFactor[], number][],
): Partner {
  return { name, weight, failureScale, factors: new Weighted(factors) };
}

const partners = new Weighted<Partner>(
  [
    partner('Bank of Fes', 8, 1.2, [
      [['FINGER', 'OTP'], 30],
      [['OTP'], 30],
      [['FINGER'], 25],
      [['DEMO'], 15],
    ]),
    partner('Attijari Bank', 14, 1, [
      [['OTP'], 40],
      [['FINGER'], 30],
      [['FINGER', 'OTP'], 20],
      [['FACE'], 10],
    ]),
    partner('Banque Populaire', 12, 0.9, [
      [['OTP'], 45],
      [['FINGER'], 35],
      [['DEMO', 'OTP'], 20],
    ]),
    partner('Maroc Telecom', 16, 1, [
      [['OTP'], 50],
      [['FACE'], 30],
      [['DEMO'], 20],
    ]),
    partner('Orange Maroc', 10, 1.1, [
      [['OTP'], 55],
      [['FACE'], 35],
      [['DEMO'], 10],
    ]),
    partner('inwi', 7, 1.3, [
      [['OTP'], 60],
      [['FACE'], 40],
    ]),
    partner('CNSS', 9, 0.8, [
      [['FINGER'], 40],
      [['IRIS'], 20],
      [['DEMO'], 25],
      [['FINGER', 'DEMO'], 15],
    ]),
    partner('Barid Al-Maghrib', 8, 1, [
      [['OTP'], 30],
      [['FINGER'], 50],
      [['FACE'], 20],
    ]),
    partner('Ministry of Health', 6, 0.9, [
      [['FINGER'], 35],
      [['IRIS'], 25],
      [['FACE'], 20],
      [['DEMO'], 20],
    ]),
    partner('mpartner-default-auth', 2, 1.5, [
      [['OTP'], 25],
      [['DEMO'], 25],
      [['FINGER'], 20],
      [['IRIS'], 15],
      [['FACE'], 15],
    ]),
  ].map((p) => [p, p.weight] as const),
);

/** How often each factor fails on its own, before partner and capture quality. */
const baseFailure: Record<AuthFactor, number> = {
  OTP: 0.04,
  FINGER: 0.08,
  IRIS: 0.04,
  FACE: 0.1,
  DEMO: 0.12,
};

const errorCodes: Record<AuthFactor, Weighted<string>> = {
  OTP: new Weighted([
    ['IDA-OTA-004', 70],
    ['IDA-OTA-003', 25],
    ['IDA-OTA-008', 5],
  ]),
  FINGER: new Weighted([
    ['IDA-BIA-001', 85],
    ['IDA-BIA-017', 15],
  ]),
  IRIS: new Weighted([
    ['IDA-BIA-001', 85],
    ['IDA-BIA-017', 15],
  ]),
  FACE: new Weighted([
    ['IDA-BIA-001', 85],
    ['IDA-BIA-017', 15],
  ]),
  DEMO: new Weighted([
    ['IDA-DEA-001', 90],
    ['IDA-DEA-002', 10],
  ]),
};

/** Failures unrelated to the factor: unknown or revoked UIN/VID, bad request. */
const requestErrors = new Weighted<string>([
  ['IDA-MLC-018', 60],
  ['IDA-MLC-002', 30],
  ['IDA-MLC-009', 10],
]);

const modalityOf: Partial<Record<AuthFactor, Modality>> = { FINGER: 'Finger', IRIS: 'Iris', FACE: 'Face' };

/**
 * ID authentication: one row per authentication request. `date` is a day, `yearOfBirth` a
 * string, `preferredLanguages` an array, biometric entries use lower-case `subtype` and a
 * string `qualityScore`; failures carry their error codes.
 */
export function createIdaSource({ seed, clock, defects = true }: RowSourceOptions): RowSource {
  const rng = new Prng(`${seed}/ida`);
  return {
    next(): SourceRow {
      const id = rng.uuid();
      const at = eventTime(rng, clock, 'allDay');
      const who = partners.pick(rng);
      const factors = who.factors.pick(rng);
      const specSubType = rng.chance(specSpellingRate);
      // ID authentication writes its request-type codes (FINGER-AUTH ...); the spec's bare names are rarer.
      const requestTypeCodes = !rng.chance(0.15);
      const numericScore = rng.chance(specSpellingRate);
      const biometricInfo: Json[] = [];
      const errorCode: string[] = [];
      for (const factor of factors) {
        const modality = modalityOf[factor];
        let failure = baseFailure[factor] * who.failureScale;
        if (modality) {
          const device = pickDevice(rng, modality, 'authentication');
          const subtypes = modality === 'Finger' ? fingerSubtypes : modality === 'Iris' ? irisSubtypes : [''];
          const count = modality === 'Face' ? 1 : rng.chance(0.8) ? 1 : 2;
          let worst = 100;
          for (const subtype of rng.sample(subtypes, count)) {
            const score = qualityScore(rng, modality, 'authentication');
            worst = Math.min(worst, score);
            biometricInfo.push({
              type: modality,
              [specSubType ? 'subType' : 'subtype']: subtype,
              qualityScore: numericScore ? score : String(score),
              digitalId: shortDigitalId(device),
            });
          }
          // Poor captures fail to match far more often.
          failure += worst < 40 ? 0.25 : worst < 55 ? 0.08 : 0;
        }
        if (rng.chance(failure)) errorCode.push(errorCodes[factor].pick(rng));
      }
      if (rng.chance(0.01)) errorCode.push(requestErrors.pick(rng));
      const place = pickPlace(rng);
      const profile: Json = {
        partnerName: who.name,
        date: isoDate(at),
        yearOfBirth: rng.chance(0.02) ? '' : String(pickBirthYear(rng, at, authenticatorAges)),
        gender: pickGender(rng),
        location: rng.chance(0.02) ? [] : [place.region, place.city],
        preferredLanguages: rng.chance(0.02) ? [] : pickLanguages(rng),
        authFactors: factors.map((f) => (requestTypeCodes ? requestTypeCode(rng, f) : f)),
        biometricInfo,
        status: errorCode.length > 0 ? 'failure' : 'success',
        errorCode,
      };
      if (defects) addDefects(rng, profile as { [key: string]: Json }, at);
      return {
        id,
        profile: JSON.stringify(profile),
        crBy: 'ida',
        crDtimes: sqlTimestamp(at),
        isDeleted: false,
      };
    },
  };
}

/** The code ID authentication writes for a factor: its request type; a fingerprint sometimes as FINGERPRINT-AUTH. */
function requestTypeCode(rng: Prng, factor: AuthFactor): string {
  if (factor === 'FINGER' && rng.chance(0.1)) return 'FINGERPRINT-AUTH';
  return `${factor}-AUTH`;
}
