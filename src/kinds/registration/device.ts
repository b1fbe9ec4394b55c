import { type Field, field, object } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { code, text } from '../../normalise/scalars.ts';
import type { RegistrationDevice } from './profile.ts';

/** device{}: "" fields (regprc leaves the browser ones empty) are null; an all-empty device is null. */
export function registrationDevice(f: Field, q: QualityLog): RegistrationDevice | null {
  const d = object(f);
  if (d === null) return null;
  const device: RegistrationDevice = {
    id: q.read(() => code(field(d, f.path, 'id'))),
    software: q.read(() => text(field(d, f.path, 'software'))),
    version: q.read(() => code(field(d, f.path, 'version'))),
    os: q.read(() => text(field(d, f.path, 'os'))),
    browser: q.read(() => text(field(d, f.path, 'browser'))),
    browserVersion: q.read(() => code(field(d, f.path, 'browserVersion'))),
    year: q.read(() => code(field(d, f.path, 'year'))),
  };
  return Object.values(device).some((v) => v !== null) ? device : null;
}
