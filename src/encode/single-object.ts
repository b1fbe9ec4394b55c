import type { Type } from 'avsc';
import { encodeFramed } from './datum.ts';
import { schemaFingerprint } from './fingerprint.ts';

/** Avro single-object encoding: C3 01, CRC-64-AVRO fingerprint (little-endian), then the datum. */
const marker = [0xc3, 0x01] as const;
const headerLength = 10;

const headers = new WeakMap<Type, Buffer>();

export function encodeSingleObject(type: Type, plain: unknown): Buffer {
  let header = headers.get(type);
  if (!header) {
    header = Buffer.alloc(headerLength);
    header.set(marker);
    header.writeBigUInt64LE(schemaFingerprint(type), 2);
    headers.set(type, header);
  }
  return encodeFramed(type, header, plain);
}

function isSingleObject(message: Uint8Array): boolean {
  return message.length >= headerLength && message[0] === marker[0] && message[1] === marker[1];
}

/** The writer schema's fingerprint and the datum; undefined when this is not single-object encoded. */
export function readSingleObject(message: Buffer): { fingerprint: bigint; datum: Buffer } | undefined {
  if (!isSingleObject(message)) return undefined;
  return { fingerprint: message.readBigUInt64LE(2), datum: message.subarray(headerLength) };
}
