import type { Field } from './fields.ts';
import type { QualityLog } from './quality.ts';
import { text } from './scalars.ts';

/**
 * Gender as each service holds it ("male" in pre-registration, "Male" elsewhere, codes some deployments add),
 * by its lower-case spelling, to one canonical value: one bucket per gender in every chart.
 */
const genders: ReadonlyMap<string, string> = new Map([
  ['female', 'Female'],
  ['f', 'Female'],
  ['fle', 'Female'],
  ['male', 'Male'],
  ['m', 'Male'],
  ['mle', 'Male'],
  ['transgender', 'Transgender'],
  ['confidential', 'Confidential'],
  ['other', 'Other'],
  ['others', 'Other'],
  ['oth', 'Other'],
]);

/** The value gender takes for a code nobody mapped: visible as a bucket of its own, and counted as an issue. */
export const otherGender = 'Other';

/**
 * The canonical gender, and the value as written when it differs (so nothing is lost); an unknown code is
 * "Other" with the code kept, and a data-quality issue.
 */
export function gender(f: Field, q: QualityLog): { gender: string | null; genderRaw: string | null } {
  const raw = q.read(() => text(f));
  if (raw === null) return { gender: null, genderRaw: null };
  const canonical = genders.get(raw.toLowerCase());
  if (canonical === undefined) {
    q.add(f.path, 'unknown-code');
    return { gender: otherGender, genderRaw: raw };
  }
  return { gender: canonical, genderRaw: canonical === raw ? null : raw };
}

/** A code's lookup key: case, spaces and dashes do not tell codes apart ("Pending Appointment" = "PENDING_APPOINTMENT"). */
const codeKey = (value: string): string => value.toLowerCase().replace(/[\s-]+/g, '_');

/** A closed list of codes, each in the spelling its service writes, found whatever the spelling. */
function vocabulary(codes: readonly string[]): ReadonlyMap<string, string> {
  return new Map(codes.map((code) => [codeKey(code), code]));
}

/** The value a code takes when no vocabulary knows it: a visible bucket of its own, the code kept. */
export const otherCode = 'OTHER';

/** Registration statuses: pre-registration's (Booked ...) and registration processing's (PROCESSED ...). */
const registrationStatuses = vocabulary([
  'Pending_Appointment',
  'Booked',
  'Expired',
  'Cancelled',
  'Application_Incomplete',
  'Prefetched',
  'Consumed',
  'REGISTERED',
  'RECEIVED',
  'PROCESSING',
  'PROCESSED',
  'REJECTED',
  'FAILED',
  'REPROCESS',
  'RESEND',
  'ERROR',
  'SUCCESS',
  'IN_PROGRESS',
]);

/** Registration process names: pre-registration's, and registration processing's packet types. */
const registrationProcesses = vocabulary([
  'preregistration',
  'NEW',
  'UPDATE',
  'LOST',
  'RES_UPDATE',
  'RES_REPRINT',
  'ACTIVATED',
  'DEACTIVATED',
  'CORRECTION',
]);

type Coded = { value: string | null; raw: string | null };

function coded(f: Field, q: QualityLog, codes: ReadonlyMap<string, string>): Coded {
  const raw = q.read(() => text(f));
  if (raw === null) return { value: null, raw: null };
  const canonical = codes.get(codeKey(raw));
  if (canonical === undefined) {
    q.add(f.path, 'unknown-code');
    return { value: otherCode, raw };
  }
  return { value: canonical, raw: canonical === raw ? null : raw };
}

/** A registration's status in its service's spelling, the value as written when it differs; unknown: OTHER. */
export const registrationStatus = (f: Field, q: QualityLog): Coded => coded(f, q, registrationStatuses);

/** A registration's process name in its service's spelling, the value as written when it differs; unknown: OTHER. */
export const registrationProcess = (f: Field, q: QualityLog): Coded => coded(f, q, registrationProcesses);
