/**
 * CRC-64-AVRO, the Rabin fingerprint the Avro spec defines for single-object encoding
 * (spec, "Schema Fingerprints"). 64-bit arithmetic in BigInt; the result is unsigned.
 */
const empty = 0xc15d213aa4d7a795n;
const mask64 = 0xffffffffffffffffn;

const table: readonly bigint[] = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (empty & (-(fp & 1n) & mask64));
  return fp;
});

export function rabinFingerprint64(bytes: Uint8Array): bigint {
  let fp = empty;
  for (const byte of bytes) fp = (fp >> 8n) ^ (table[Number((fp ^ BigInt(byte)) & 0xffn)] as bigint);
  return fp;
}
