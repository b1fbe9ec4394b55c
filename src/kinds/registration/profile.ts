import type { IdentityProfile } from '../../normalise/types.ts';

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
  /** The process name as written, when it is not the canonical spelling (normalise/vocabulary.ts). */
  processNameRaw: string | null;
  processStage: string | null;
  /** Booked, Pending_Appointment ... (prereg), REGISTERED, PROCESSED, REJECTED ... (regprc); unknown: OTHER. */
  status: string | null;
  /** The status as written, when it is not the canonical spelling. */
  statusRaw: string | null;
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
