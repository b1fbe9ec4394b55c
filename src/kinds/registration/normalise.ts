import { field, type JsonObject } from '../../normalise/fields.ts';
import { identityProfile } from '../../normalise/identity.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { code, text } from '../../normalise/scalars.ts';
import { timestamp } from '../../normalise/timestamp.ts';
import type { RowContext } from '../../normalise/types.ts';
import { registrationProcess, registrationStatus } from '../../normalise/vocabulary.ts';
import { eventYear } from '../../normalise/year-of-birth.ts';
import { assisted } from './assisted.ts';
import { registrationDevice } from './device.ts';
import type { RegistrationProfile } from './profile.ts';

/**
 * prereg and regprc profiles (and the spec's spelling) -> one RegistrationProfile. A field that cannot be
 * read is null, its issue in `q`.
 */
export function registrationProfile(p: JsonObject, row: RowContext, q: QualityLog): RegistrationProfile {
  const date = q.read(() => timestamp(field(p, '', 'date')));
  const operators = q.read(() => assisted(field(p, '', 'assisted'), q));
  const process = registrationProcess(field(p, '', 'processName'), q);
  const status = registrationStatus(field(p, '', 'status'), q);
  return {
    processName: process.value,
    processNameRaw: process.raw,
    processStage: q.read(() => text(field(p, '', 'processStage'))) ?? (row.processStage?.trim() || null),
    status: status.value,
    statusRaw: status.raw,
    date,
    startDateTime: q.read(() => timestamp(field(p, '', 'startDateTime'))),
    endDateTime: q.read(() => timestamp(field(p, '', 'endDateTime'))),
    ...identityProfile(p, '', eventYear(date, row), q),
    registrationCenterId: q.read(() => code(field(p, '', 'registrationCenterId', 'enrollmentCenterId'))),
    device: q.read(() => registrationDevice(field(p, '', 'device'), q)),
    operatorId: operators?.operatorId ?? null,
    supervisorId: operators?.supervisorId ?? null,
  };
}
