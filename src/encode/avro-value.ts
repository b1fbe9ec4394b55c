import avro, { type Type } from 'avsc';
import { TimestampMillisType } from './timestamp-millis.ts';

const { ArrayType, MapType, RecordType, UnwrappedUnionType } = avro.types;

/** A value that does not fit its schema; the message names the path. */
export class AvroValueError extends Error {
  override name = 'AvroValueError';
}

/** Where the walk is, as field names and indices; turned into text only for an error message. */
type Path = (string | number)[];
type Leaf = (value: unknown, path: Path) => unknown;

const pathText = (path: Path): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(root)';

/**
 * Plain value (the project's model: ISO-8601 timestamps, plain objects) -> the value avsc encodes
 * (Date at every timestamp-millis). A key the schema does not declare is an error, not silently
 * dropped: it means the TypeScript shape and the .avsc file have drifted apart.
 */
export function toAvroValue(type: Type, plain: unknown): unknown {
  return walk(type, plain, [], toDate, true);
}

/**
 * avsc's decoded value -> plain value: Dates back to ISO strings, records to plain objects. The same
 * conversion as a walk with toIso, compiled once per type into nested functions (see plainConverter):
 * the sink decodes every message, and the walk's per-node type tests cost twice avsc's own decoding.
 */
export function fromAvroValue(type: Type, value: unknown): unknown {
  return plainConverter(type)(value);
}

function toDate(value: unknown, path: Path): Date {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : value;
  if (date instanceof Date && !Number.isNaN(date.getTime())) return date;
  throw new AvroValueError(`${pathText(path)}: not a timestamp: ${JSON.stringify(value)}`);
}

function toIso(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

// Per-type facts looked up on every record: computed once (this walk runs for every message).
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

function walk(type: Type, value: unknown, path: Path, leaf: Leaf, strict: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (type instanceof TimestampMillisType) return leaf(value, path);
  if (type instanceof RecordType && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of type.fields) {
      path.push(f.name);
      out[f.name] = walk(f.type, obj[f.name], path, leaf, strict);
      path.pop();
    }
    if (strict) {
      const names = declared(type);
      for (const key in obj) {
        if (!names.has(key))
          throw new AvroValueError(`${pathText([...path, key])}: not a field of ${type.name}`);
      }
    }
    return out;
  }
  if (type instanceof ArrayType && Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = walk(type.itemsType, value[i], path, leaf, strict);
      path.pop();
    }
    return out;
  }
  if (type instanceof MapType && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      path.push(k);
      out[k] = walk(type.valuesType, v, path, leaf, strict);
      path.pop();
    }
    return out;
  }
  if (type instanceof UnwrappedUnionType) return walk(branchOf(type, value), value, path, leaf, strict);
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

/** Turns one decoded value of a given type into its plain form; null and undefined pass unchanged. */
type Converter = (value: unknown) => unknown;

const unchanged: Converter = (value) => value;
const converters = new WeakMap<Type, Converter>();

/** The converter of a type, compiled on first use. */
function plainConverter(type: Type): Converter {
  let convert = converters.get(type);
  if (!convert) {
    // A recursive schema meets its own type while compiling it: that use looks the converter up when called.
    converters.set(type, (value) => plainConverter(type)(value));
    convert = compileConverter(type);
    converters.set(type, convert);
  }
  return convert;
}

/** What walk(type, value, path, toIso, false) does, with the type tests done once, here. */
function compileConverter(type: Type): Converter {
  if (type instanceof TimestampMillisType) return toIso;
  if (type instanceof RecordType) return recordConverter(type);
  if (type instanceof ArrayType) return arrayConverter(plainConverter(type.itemsType));
  if (type instanceof MapType) return mapConverter(plainConverter(type.valuesType));
  if (type instanceof UnwrappedUnionType) return unionConverter(type);
  return unchanged; // a primitive or enum: the same in both forms
}

function recordConverter(type: InstanceType<typeof RecordType>): Converter {
  const names = type.fields.map((f) => f.name);
  const fieldConverters = type.fields.map((f) => plainConverter(f.type));
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const convert = fieldConverters[i] as Converter;
      out[name] = convert === unchanged ? record[name] : convert(record[name]);
    }
    return out;
  };
}

function arrayConverter(convertItem: Converter): Converter {
  return (value) => {
    if (!Array.isArray(value)) return value;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = convertItem(value[i]);
    return out;
  };
}

function mapConverter(convertValue: Converter): Converter {
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = convertValue(v);
    return out;
  };
}

/** A nullable type converts as its one other branch; a real choice is made per value, as the walk does. */
function unionConverter(union: InstanceType<typeof UnwrappedUnionType>): Converter {
  const branches = union.types.filter((b) => b.typeName !== 'null');
  if (branches.length === 1) return plainConverter(branches[0] as Type);
  return (value) =>
    value === null || value === undefined ? value : plainConverter(branchOf(union, value))(value);
}
