import avro, { type Type } from 'avsc';
import { TimestampMillisType } from './timestamp-millis.ts';

type AvscSchema = Parameters<typeof avro.Type.forSchema>[0];

/** An avsc Type for a schema (JSON text or parsed), with this project's logical types. */
export function parseSchema(schema: string | object): Type {
  const parsed: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return avro.Type.forSchema(parsed as AvscSchema, {
    logicalTypes: { 'timestamp-millis': TimestampMillisType },
  });
}
