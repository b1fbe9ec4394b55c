import { encodeConfluent } from './confluent.ts';
import type { LoadedSchema } from './load-schemas.ts';
import type { SchemaRegistry } from './registry.ts';
import { encodeSingleObject } from './single-object.ts';

/** Turns a plain record into message bytes with the named schema (a profile kind or deadletter). */
export type RecordEncoder = (schemaName: string, plain: unknown) => Buffer;

/**
 * Without a registry: Avro single-object encoding (the fingerprint names the schema). With one: each
 * schema is registered once, at start-up, under `<topic>-value` subjects, and messages carry its id
 * (Confluent wire format), so encoding itself never waits on the network.
 */
export async function createEncoder(
  schemas: ReadonlyMap<string, LoadedSchema>,
  registry?: { client: SchemaRegistry; subjects: ReadonlyMap<string, readonly string[]> },
): Promise<RecordEncoder> {
  return encoderFor(schemas, registry ? await registerSchemas(schemas, registry) : undefined);
}

/** Registers each schema under its subjects; the registry's id of each schema, by name. */
export async function registerSchemas(
  schemas: ReadonlyMap<string, LoadedSchema>,
  registry: { client: SchemaRegistry; subjects: ReadonlyMap<string, readonly string[]> },
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [name, subjects] of registry.subjects) {
    const schema = schemas.get(name);
    if (!schema) throw new Error(`no schema named ${name}`);
    for (const subject of subjects) ids.set(name, await registry.client.register(subject, schema.json));
  }
  return ids;
}

/**
 * The encoder of these schemas: single-object encoding, or, given the registry's ids, the Confluent
 * format. Synchronous: a build worker makes the same encoder from the ids its parent registered.
 */
export function encoderFor(
  schemas: ReadonlyMap<string, LoadedSchema>,
  ids?: ReadonlyMap<string, number>,
): RecordEncoder {
  const schemaOf = (name: string): LoadedSchema => {
    const schema = schemas.get(name);
    if (!schema) throw new Error(`no schema named ${name}`);
    return schema;
  };
  if (!ids) return (name, plain) => encodeSingleObject(schemaOf(name).type, plain);
  return (name, plain) => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`schema ${name} was not registered`);
    return encodeConfluent(id, schemaOf(name).type, plain);
  };
}
