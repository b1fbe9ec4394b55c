import type { Type } from 'avsc';
import { encodeFramed } from './datum.ts';

/** Confluent wire format: magic byte 0, the registry's schema id (4 bytes, big-endian), then the datum. */
const magic = 0x00;
const headerLength = 5;

export function encodeConfluent(schemaId: number, type: Type, plain: unknown): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) {
    throw new RangeError(`not a schema id: ${schemaId}`);
  }
  let header = headers.get(schemaId);
  if (!header) {
    header = Buffer.alloc(headerLength);
    header.writeUInt8(magic, 0);
    header.writeUInt32BE(schemaId, 1);
    headers.set(schemaId, header);
  }
  return encodeFramed(type, header, plain);
}

/** Headers by schema id: a process writes with a handful of ids. */
const headers = new Map<number, Buffer>();

function isConfluent(message: Uint8Array): boolean {
  return message.length >= headerLength && message[0] === magic;
}

/** The schema id and the datum; undefined when this is not in the Confluent wire format. */
export function readConfluent(message: Buffer): { schemaId: number; datum: Buffer } | undefined {
  if (!isConfluent(message)) return undefined;
  return { schemaId: message.readUInt32BE(1), datum: message.subarray(headerLength) };
}
