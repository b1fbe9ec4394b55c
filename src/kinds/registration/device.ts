import { type Field, field, object } from '../../normalise/fields.ts';
import { code, text } from '../../normalise/scalars.ts';
import type { RegistrationDevice } from './profile.ts';

/** device{}: "" fields (regprc leaves the browser ones empty) are null; an all-empty device is null. */
export function registrationDevice(f: Field): RegistrationDevice | null {
  const d = object(f);
  if (d === null) return null;
  const device: RegistrationDevice = {
    id: code(field(d, f.path, 'id')),
    software: text(field(d, f.path, 'software')),
    version: code(field(d, f.path, 'version')),
    os: text(field(d, f.path, 'os')),
    browser: text(field(d, f.path, 'browser')),
    browserVersion: code(field(d, f.path, 'browserVersion')),
    year: code(field(d, f.path, 'year')),
  };
  return Object.values(device).some((v) => v !== null) ? device : null;
}
