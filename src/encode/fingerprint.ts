import type { Type } from 'avsc';
import { rabinFingerprint64 } from './rabin.ts';

/**
 * The schema's Parsing Canonical Form: avsc's `schema()` without options already strips docs, defaults,
 * aliases and logical types and orders keys as the spec requires.
 */
export function canonicalForm(type: Type): string {
  return JSON.stringify(type.schema());
}

const cache = new WeakMap<Type, bigint>();

/** CRC-64-AVRO of the Parsing Canonical Form: the id single-object encoding puts in its header. */
export function schemaFingerprint(type: Type): bigint {
  let fp = cache.get(type);
  if (fp === undefined) {
    fp = rabinFingerprint64(Buffer.from(canonicalForm(type), 'utf8'));
    cache.set(type, fp);
  }
  return fp;
}
