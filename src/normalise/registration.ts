import { assisted } from './assisted.ts';
import { field, type JsonObject } from './fields.ts';
import { identityProfile } from './identity.ts';
import { registrationDevice } from './registration-device.ts';
import { code, text } from './scalars.ts';
import { timestamp } from './timestamp.ts';
import type { RegistrationProfile, RowContext } from './types.ts';
import { eventYear } from './year-of-birth.ts';

/** prereg and regprc profiles (and the spec's spelling) -> one RegistrationProfile. */
export function registrationProfile(p: JsonObject, row: RowContext): RegistrationProfile {
  const date = timestamp(field(p, '', 'date'));
  return {
    processName: text(field(p, '', 'processName')),
    processStage: text(field(p, '', 'processStage')) ?? (row.processStage?.trim() || null),
    status: text(field(p, '', 'status')),
    date,
    startDateTime: timestamp(field(p, '', 'startDateTime')),
    endDateTime: timestamp(field(p, '', 'endDateTime')),
    ...identityProfile(p, '', eventYear(date, row)),
    registrationCenterId: code(field(p, '', 'registrationCenterId', 'enrollmentCenterId')),
    device: registrationDevice(field(p, '', 'device')),
    ...assisted(field(p, '', 'assisted')),
  };
}
