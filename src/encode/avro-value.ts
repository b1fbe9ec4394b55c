import avro, { type Type } from 'avsc';
import { TimestampMillisType, timestampMillis } from './timestamp-millis.ts';

const { ArrayType, MapType, RecordType, UnwrappedUnionType } = avro.types;

/** A value that does not fit its schema; the message names the path. */
export class AvroValueError extends Error {
  override name = 'AvroValueError';
}

/** Where the walk is, as field names and indices; turned into text only for an error message. */
type Path = (string | number)[];

const pathText = (path: Path): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(root)';

/**
 * The strict check of a plain value (the project's model: ISO-8601 timestamps, plain objects) against
 * its schema, returning it with a Date at every timestamp-millis. A key the schema does not declare is
 * an error here: it means the TypeScript shape and the .avsc file have drifted apart. Encoding itself
 * does not walk (avsc writes declared fields only, and converts timestamps itself); this runs when an
 * encode fails, to name the path at fault, and in the tests, over every variant the generator makes.
 */
export function toAvroValue(type: Type, plain: unknown): unknown {
  return walk(type, plain, []);
}

function toDate(value: unknown, path: Path): Date {
  const date = new Date(timestampMillis(value));
  if (!Number.isNaN(date.getTime())) return date;
  throw new AvroValueError(`${pathText(path)}: not a timestamp: ${JSON.stringify(value)}`);
}

// Per-type facts, computed once per type: the walk runs over thousands of records in the tests.
const fieldNames = new WeakMap<Type, Set<string>>();
const onlyBranch = new WeakMap<Type, Type | null>();

function declared(type: InstanceType<typeof RecordType>): Set<string> {
  let names = fieldNames.get(type);
  if (!names) {
    names = new Set(type.fields.map((f) => f.name));
    fieldNames.set(type, names);
  }
  return names;
}

function walk(type: Type, value: unknown, path: Path): unknown {
  if (value === null || value === undefined) return value;
  if (type instanceof TimestampMillisType) return toDate(value, path);
  if (type instanceof RecordType && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of type.fields) {
      path.push(f.name);
      out[f.name] = walk(f.type, obj[f.name], path);
      path.pop();
    }
    const names = declared(type);
    for (const key in obj) {
      if (!names.has(key))
        throw new AvroValueError(`${pathText([...path, key])}: not a field of ${type.name}`);
    }
    return out;
  }
  if (type instanceof ArrayType && Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = walk(type.itemsType, value[i], path);
      path.pop();
    }
    return out;
  }
  if (type instanceof MapType && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      path.push(k);
      out[k] = walk(type.valuesType, v, path);
      path.pop();
    }
    return out;
  }
  if (type instanceof UnwrappedUnionType) return walk(branchOf(type, value), value, path);
  return value; // a primitive or enum: the same in both forms
}

/** The union branch a non-null value belongs to: the only one, or the first that accepts it. */
function branchOf(union: InstanceType<typeof UnwrappedUnionType>, value: unknown): Type {
  let single = onlyBranch.get(union);
  if (single === undefined) {
    const candidates = union.types.filter((b) => b.typeName !== 'null');
    single = candidates.length === 1 ? (candidates[0] as Type) : null;
    onlyBranch.set(union, single);
  }
  if (single) return single;
  const candidates = union.types.filter((b) => b.typeName !== 'null');
  const convertible = (b: Type): boolean => {
    try {
      return b.isValid(value) || b.isValid(toAvroValue(b, value));
    } catch {
      return false;
    }
  };
  return candidates.find(convertible) ?? (candidates[0] as Type);
}
