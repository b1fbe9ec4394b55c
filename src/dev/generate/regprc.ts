import { fullDigitalId, pickEnrolment } from './biometrics.ts';
import { addDefects } from './defects.ts';
import {
  type Contact,
  pickBirthYear,
  pickContact,
  pickGender,
  pickLanguages,
  registrantAges,
} from './people.ts';
import { pickCentre, placeNear } from './places.ts';
import { Prng, Weighted } from './prng.ts';
import type { Json, RowSource, RowSourceOptions, SourceRow } from './source-row.ts';
import {
  type EventClock,
  eventTime,
  hourMs,
  isoDate,
  isoInstant,
  minuteMs,
  sqlTimestamp,
  utcYear,
} from './time.ts';

const specSpellingRate = 0.03;

const processNames = new Weighted<string>([
  ['NEW', 80],
  ['UPDATE', 12],
  ['RES_UPDATE', 5],
  ['LOST', 3],
]);

/** One row to write: a stage the packet went through, when, and the status it left with. */
type Stage = { name: string; atMs: number; status: string };

/** What every stage row of one registration shares: they all describe the same packet. */
type Registration = {
  processName: string;
  startDateTime: string;
  yearOfBirth: number;
  gender: string | null;
  location: string[];
  preferredLanguages: string[] | null;
  contact: Contact;
  exceptions: Json[];
  biometricInfo: Json[];
  device: Json;
  documents: string[];
  assisted: string[];
  centreKey: 'enrollmentCenterId' | 'registrationCenterId';
  centreId: string;
  /** Older releases stamped `date` with the full UTC instant instead of the day. */
  dateAsInstant: boolean;
  stages: Stage[];
};

/**
 * Registration processor: several rows per registration, one per stage the packet reaches:
 * first SYNC (status REGISTERED, yearOfBirth 0, channel [email|null, phone|null] and nulls
 * elsewhere, as the sync service writes it), then the processing stages up to PrintingStage,
 * or up to the stage that rejected or failed it. `yearOfBirth` is a number, biometric `type`
 * upper case, `qualityScore` a number, `attempts` a string, `digitalId` a JSON string.
 */
export function createRegprcSource({ seed, clock, defects = true }: RowSourceOptions): RowSource {
  const rng = new Prng(`${seed}/regprc`);
  let registration: Registration | undefined;
  let next = 0;
  return {
    next(): SourceRow {
      if (!registration || next >= registration.stages.length) {
        registration = newRegistration(rng, clock);
        next = 0;
      }
      const stage = registration.stages[next++]!;
      // Streaming (--rate) stamps each row when it is written, for latency measurement.
      const at = clock.kind === 'live' ? Date.now() : stage.atMs;
      return {
        id: rng.uuid(),
        processStage: stage.name,
        profile: JSON.stringify(
          defects
            ? withDefects(rng, stageProfile(rng, registration, stage, at), at)
            : stageProfile(rng, registration, stage, at),
        ),
        crBy: 'SYSTEM',
        crDtimes: sqlTimestamp(at),
        isDeleted: false,
      };
    },
  };
}

function stageProfile(rng: Prng, r: Registration, stage: Stage, at: number): Json {
  const sync = stage.name === 'SYNC';
  const { email, phone } = r.contact;
  return {
    processName: r.processName,
    processStage: stage.name,
    date: r.dateAsInstant && !sync ? isoInstant(at) : isoDate(at),
    startDateTime: r.startDateTime,
    endDateTime: sync ? null : isoInstant(at - rng.int(20, 400)),
    // The sync service knows nothing of the applicant yet: the number defaults to 0.
    yearOfBirth: sync ? 0 : r.yearOfBirth,
    gender: sync ? null : r.gender,
    location: sync ? null : r.location,
    preferredLanguages: sync ? null : r.preferredLanguages,
    // Sync writes one slot per channel, null when not given; the stages list given ones only.
    channel: sync
      ? [email ? 'email' : null, phone ? 'phone' : null]
      : [...(email ? ['email'] : []), ...(phone ? ['phone'] : [])],
    exceptions: sync ? null : r.exceptions,
    verified: sync ? null : [],
    biometricInfo: sync ? null : r.biometricInfo,
    device: sync ? null : r.device,
    documents: sync ? null : r.documents,
    assisted: sync ? null : r.assisted,
    [r.centreKey]: r.centreId,
    status: stage.status,
  };
}

function newRegistration(rng: Prng, clock: EventClock): Registration {
  const processName = processNames.pick(rng);
  const syncAt = eventTime(rng, clock, 'office');
  const startMs = Math.floor((syncAt - rng.int(5, 45) * minuteMs) / 1000) * 1000;
  const stages = plannedStages(rng, processName, syncAt, clock);
  const centre = pickCentre(rng);
  const birthYear = pickBirthYear(rng, syncAt, registrantAges);
  const age = utcYear(syncAt) - birthYear;
  const dobUnknown = rng.chance(processName === 'LOST' ? 0.3 : 0.015);
  const place = placeNear(rng, centre);
  const demographicUpdateOnly = processName !== 'NEW' && processName !== 'LOST' && rng.chance(0.35);
  const enrolment = demographicUpdateOnly
    ? { captures: [], exceptions: [] }
    : pickEnrolment(rng, age, startMs);
  const gender = pickGender(rng);
  return {
    processName,
    startDateTime: isoInstant(startMs),
    yearOfBirth: dobUnknown ? 0 : birthYear,
    // A gender missing from the packet comes out null here (not "").
    gender: gender === '' ? null : gender,
    location: rng.chance(0.02) ? [place.region] : [place.region, place.city],
    preferredLanguages: rng.chance(0.05) ? null : pickLanguages(rng),
    contact: pickContact(rng),
    exceptions: enrolment.exceptions.map((e) => ({ type: e.modality, subType: e.subType })),
    biometricInfo: enrolment.captures.map((c) => ({
      type: c.modality.toUpperCase(),
      subType: c.subType,
      qualityScore: c.score,
      attempts: String(c.attempts),
      digitalId: fullDigitalId(c.device, isoInstant(c.capturedAtMs)),
    })),
    device: {
      os: '',
      browser: '',
      browserVersion: '',
      software: 'registration-client',
      version: rng.pick(['1.2.0.1', '1.2.0.2', '1.2.0.2', '1.2.1.0']),
      year: '',
      id: `${centre.id}_${rng.pick(centre.machines)}`,
    },
    documents: regprcDocuments(rng, processName, age),
    assisted: [rng.pick(centre.operators), rng.pick(centre.supervisors)],
    centreKey: rng.chance(specSpellingRate) ? 'registrationCenterId' : 'enrollmentCenterId',
    centreId: centre.id,
    dateAsInstant: rng.chance(0.03),
    stages,
  };
}

/** Stages by process; the dedupe stages only run where they make sense. */
const stageChains: Record<string, string[]> = {
  NEW: [
    'PacketReceiverStage',
    'PacketValidatorStage',
    'QualityClassifierStage',
    'DemodedupeStage',
    'BioDedupeStage',
    'UinGeneratorStage',
    'PrintingStage',
  ],
  UPDATE: [
    'PacketReceiverStage',
    'PacketValidatorStage',
    'QualityClassifierStage',
    'BioDedupeStage',
    'UinGeneratorStage',
    'PrintingStage',
  ],
  RES_UPDATE: [
    'PacketReceiverStage',
    'PacketValidatorStage',
    'QualityClassifierStage',
    'BioDedupeStage',
    'UinGeneratorStage',
    'PrintingStage',
  ],
  LOST: [
    'PacketReceiverStage',
    'PacketValidatorStage',
    'QualityClassifierStage',
    'BioDedupeStage',
    'PrintingStage',
  ],
};

/**
 * The rows one registration produces, with their times: most packets go all the way to
 * printing; some fail validation, are rejected as duplicates (possibly after manual
 * adjudication) or are still in progress.
 */
function plannedStages(rng: Prng, processName: string, syncAt: number, clock: EventClock): Stage[] {
  const stages: Stage[] = [{ name: 'SYNC', atMs: syncAt, status: 'REGISTERED' }];
  // Clients usually upload right after sync; offline ones a day or two later.
  let at = syncAt + (rng.chance(0.9) ? rng.int(1, 20) * minuteMs : rng.int(1, 48) * hourMs);
  const stopAfter = rng.chance(0.03) ? rng.int(1, 4) : Number.POSITIVE_INFINITY;
  for (const name of stageChains[processName]!) {
    if (stages.length > stopAfter) break;
    if (name === 'PacketValidatorStage' && rng.chance(0.03)) {
      stages.push({ name, atMs: at, status: 'FAILED' });
      break;
    }
    if (name === 'DemodedupeStage' && rng.chance(0.02)) {
      stages.push({ name, atMs: at, status: 'REJECTED' });
      break;
    }
    if (name === 'BioDedupeStage' && rng.chance(0.03)) {
      stages.push({ name, atMs: at, status: 'PROCESSED' });
      at += rng.int(2, 72) * hourMs;
      const rejected = rng.chance(0.5);
      stages.push({ name: 'ManualAdjudicationStage', atMs: at, status: rejected ? 'REJECTED' : 'PROCESSED' });
      if (rejected) break;
      at += rng.int(3, 90) * 1000;
      continue;
    }
    stages.push({ name, atMs: at, status: 'PROCESSED' });
    at += name === 'UinGeneratorStage' ? rng.int(1, 30) * minuteMs : rng.int(3, 90) * 1000;
  }
  return clock.kind === 'window' ? keepInWindow(rng, stages, clock.endMs) : stages;
}

/** Moves a registration back in time if its later stages would fall after the window's end. */
function keepInWindow(rng: Prng, stages: Stage[], endMs: number): Stage[] {
  const last = stages[stages.length - 1]!.atMs;
  if (last < endMs) return stages;
  const shift = last - endMs + rng.int(1, 3_600_000);
  return stages.map((s) => ({ ...s, atMs: s.atMs - shift }));
}

/** Document type codes as the packet's metadata lists them. */
function regprcDocuments(rng: Prng, processName: string, age: number): string[] {
  if (processName === 'LOST' || (processName !== 'NEW' && rng.chance(0.4))) return [];
  const docs: string[] = [];
  if (age < 18) docs.push(rng.chance(0.85) ? 'ACN' : 'PSP');
  else docs.push(rng.chance(0.82) ? 'CIN' : 'PSP');
  const address = rng.float();
  if (address < 0.45) docs.push('RNC');
  else if (address < 0.8) docs.push('FAC');
  return docs;
}

/** The stage's profile with the defects real rows carry (see defects.ts). */
function withDefects(rng: Prng, profile: Json, at: number): Json {
  addDefects(rng, profile as { [key: string]: Json }, at);
  return profile;
}
