import { field, type JsonObject } from '../../normalise/fields.ts';
import { identityProfile } from '../../normalise/identity.ts';
import { code, text } from '../../normalise/scalars.ts';
import { timestamp } from '../../normalise/timestamp.ts';
import type { RowContext } from '../../normalise/types.ts';
import { eventYear } from '../../normalise/year-of-birth.ts';
import { assisted } from './assisted.ts';
import { registrationDevice } from './device.ts';
import type { RegistrationProfile } from './profile.ts';

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
