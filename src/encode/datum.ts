import type { Type } from 'avsc';
import { AvroValueError, fromAvroValue, toAvroValue } from './avro-value.ts';

/** Avro binary encoding of a plain value, checked first so the error names the field at fault. */
export function encodeDatum(type: Type, plain: unknown): Buffer {
  const value = toAvroValue(type, plain);
  try {
    return type.toBuffer(value);
  } catch (error) {
    // Only a value that does not fit pays for the full check, which names the field at fault.
    const problems: string[] = [];
    type.isValid(value, {
      errorHook: (path: string[], bad: unknown) => {
        problems.push(
          `${path.join('.') || '(root)'}: ${bad instanceof Date ? bad.toISOString() : JSON.stringify(bad)}`,
        );
      },
    });
    const detail = problems.length > 0 ? problems.join('; ') : (error as Error).message;
    throw new AvroValueError(`not a valid ${type.name ?? type.typeName}: ${detail}`);
  }
}

type Resolver = ReturnType<Type['createResolver']>;
const resolvers = new WeakMap<Type, WeakMap<Type, Resolver>>();

/** Resolver reading `writer` data as `reader` (schema evolution), built once per pair. */
function resolverFor(reader: Type, writer: Type): Resolver {
  const byWriter = resolvers.get(reader) ?? new WeakMap<Type, Resolver>();
  resolvers.set(reader, byWriter);
  const resolver = byWriter.get(writer) ?? reader.createResolver(writer);
  byWriter.set(writer, resolver);
  return resolver;
}

/** Decodes a datum written with `writer`, read as `reader` when given, as a plain value. */
export function decodeDatum(writer: Type, datum: Buffer, reader: Type = writer): unknown {
  const value =
    reader === writer ? writer.fromBuffer(datum) : reader.fromBuffer(datum, resolverFor(reader, writer));
  return fromAvroValue(reader, value);
}
