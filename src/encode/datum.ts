import type { Type } from 'avsc';
import { AvroValueError, toAvroValue } from './avro-value.ts';

const noHeader = Buffer.alloc(0);
/** Where messages are assembled before one exact-size copy; grows to the largest message seen. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Avro binary encoding of a plain value; an error names the field at fault. */
export function encodeDatum(type: Type, plain: unknown): Buffer {
  return encodeFramed(type, noHeader, plain);
}

/**
 * `header` followed by the Avro encoding of `plain`, as one buffer: written in place after the header,
 * then copied once. Only a value that does not fit pays for the full check, which names the field.
 */
export function encodeFramed(type: Type, header: Uint8Array, plain: unknown): Buffer {
  let end: number;
  try {
    for (;;) {
      scratch.set(header, 0);
      end = type.encode(plain, scratch, header.length);
      if (end >= 0) break;
      scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - end));
    }
  } catch (error) {
    throw explain(type, plain, error as Error);
  }
  return Buffer.from(scratch.subarray(0, end));
}

function explain(type: Type, plain: unknown, error: Error): AvroValueError {
  // The strict walk throws first for an undeclared field or a bad timestamp, naming its path.
  const value = toAvroValue(type, plain);
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], bad: unknown) => {
      problems.push(
        `${path.join('.') || '(root)'}: ${bad instanceof Date ? bad.toISOString() : JSON.stringify(bad)}`,
      );
    },
  });
  const detail = problems.length > 0 ? problems.join('; ') : error.message;
  return new AvroValueError(`not a valid ${type.name ?? type.typeName}: ${detail}`);
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

/**
 * Decodes a datum written with `writer`, read as `reader` when given. Timestamps come back as ISO-8601
 * strings; records as avsc's record objects, whose own enumerable properties are exactly their fields.
 */
export function decodeDatum(writer: Type, datum: Buffer, reader: Type = writer): unknown {
  return reader === writer ? writer.fromBuffer(datum) : reader.fromBuffer(datum, resolverFor(reader, writer));
}
