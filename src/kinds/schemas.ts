import { deadLetterSchema, type LoadedSchema, loadedSchema } from '../encode/load-schemas.ts';
import { allKinds } from './index.ts';
import { masterKinds } from './master/index.ts';

/** The Avro schema of every registered kind and master-data kind, by kind name, and the dead letter's ("deadletter"). */
export function loadSchemas(): Map<string, LoadedSchema> {
  const schemas = new Map<string, LoadedSchema>();
  for (const kind of allKinds())
    schemas.set(kind.name, loadedSchema(kind.name, kind.avroSchema, `kind ${kind.name}`));
  for (const kind of Object.values(masterKinds))
    schemas.set(kind.name, loadedSchema(kind.name, kind.avroSchema, `master kind ${kind.name}`));
  schemas.set('deadletter', deadLetterSchema());
  return schemas;
}
