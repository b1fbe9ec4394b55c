import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';

const m = 0x5bd1e995;

/**
 * Kafka's murmur2 (the Java client's `Utils.murmur2`) in 32-bit integer arithmetic. kafkajs' own
 * computes it with 64-bit Long objects and a Buffer per key: about 3 us a message on the source's
 * busiest thread, for the same result.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= (data[whole + 2] as number) << 16;
    if (tail >= 2) h ^= (data[whole + 1] as number) << 8;
    h ^= data[whole] as number;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

const ascii = new Uint8Array(256);

/** A key's UTF-8 bytes; an ASCII key (every row id) is copied into a reused array instead of a new Buffer. */
function keyBytes(key: Buffer | string): Uint8Array {
  if (typeof key !== 'string') return key;
  if (key.length > ascii.length) return Buffer.from(key);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 0x7f) return Buffer.from(key);
    ascii[i] = c;
  }
  return ascii.subarray(0, key.length);
}

/**
 * kafkajs' DefaultPartitioner, decision for decision (an explicit partition, else murmur2 of the key
 * modulo the partition count, else round robin over partitions with a leader), so keys land on the
 * partitions Java clients and earlier runs put them on.
 */
export const defaultPartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }: PartitionerArgs): number => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined)
      return (murmur2(keyBytes(message.key)) & 0x7fffffff) % partitionMetadata.length;
    const next = (counters.get(topic) ?? Math.floor(Math.random() * 2 ** 31)) + 1;
    counters.set(topic, next);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length > 0)
      return (available[(next & 0x7fffffff) % available.length] as { partitionId: number }).partitionId;
    return (next & 0x7fffffff) % partitionMetadata.length;
  };
};
