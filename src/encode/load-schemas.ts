import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Type } from 'avsc';
import { ConfigError } from '../config/errors.ts';
import { schemaFingerprint } from './fingerprint.ts';
import { parseSchema } from './parse-schema.ts';

export interface LoadedSchema {
  /** A profile kind (registration, issuance, authentication) or deadletter. */
  name: string;
  /** The schema as compact JSON, docs and defaults kept: what to register with the registry. */
  json: string;
  type: Type;
  fingerprint: bigint;
}

/** A parsed Avro schema (timestamp-millis as ISO strings) under `name`; a bad one fails naming `from`. */
export function loadedSchema(name: string, schema: unknown, from: string): LoadedSchema {
  try {
    const json = JSON.stringify(schema);
    const type = parseSchema(json);
    return { name, json, type, fingerprint: schemaFingerprint(type) };
  } catch (error) {
    throw new ConfigError(`${from}: ${(error as Error).message}`);
  }
}

/** An .avsc file as a LoadedSchema named `name`. */
export function readSchemaFile(name: string, path: string): LoadedSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message}`);
  }
  return loadedSchema(name, parsed, path);
}

/** The dead-letter topic's record (deadletter.avsc beside this file). */
export const deadLetterSchema = (): LoadedSchema =>
  readSchemaFile('deadletter', join(import.meta.dirname, 'deadletter.avsc'));

/** The named schema, or a ConfigError listing the ones there are. */
export function schemaNamed(schemas: ReadonlyMap<string, LoadedSchema>, name: string): LoadedSchema {
  const schema = schemas.get(name);
  if (!schema) throw new ConfigError(`no ${name} schema (have: ${[...schemas.keys()].join(', ')})`);
  return schema;
}
