import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Type } from 'avsc';
import { ConfigError } from '../config/errors.ts';
import { schemaFingerprint } from './fingerprint.ts';
import { parseSchema } from './parse-schema.ts';

export const defaultSchemasDir = resolve(import.meta.dirname, '../../connectors');

export interface LoadedSchema {
  /** The file name without .avsc: a profile kind (registration, issuance, authentication) or deadletter. */
  name: string;
  /** The schema as compact JSON, docs and defaults kept: what to register with the registry. */
  json: string;
  type: Type;
  fingerprint: bigint;
}

/** Reads every <dir>/*.avsc into avsc Types (timestamp-millis as Date); a bad file fails naming it. */
export function loadSchemas(dir: string = defaultSchemasDir): Map<string, LoadedSchema> {
  const schemas = new Map<string, LoadedSchema>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()) {
    const path = join(dir, file);
    try {
      const json = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')));
      const type = parseSchema(json);
      schemas.set(basename(file, '.avsc'), {
        name: basename(file, '.avsc'),
        json,
        type,
        fingerprint: schemaFingerprint(type),
      });
    } catch (error) {
      throw new ConfigError(`${path}: ${(error as Error).message}`);
    }
  }
  return schemas;
}

/** The named schema, or a ConfigError listing the ones there are. */
export function schemaNamed(schemas: ReadonlyMap<string, LoadedSchema>, name: string): LoadedSchema {
  const schema = schemas.get(name);
  if (!schema) throw new ConfigError(`no ${name}.avsc (have: ${[...schemas.keys()].join(', ')})`);
  return schema;
}
