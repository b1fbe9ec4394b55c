import type { Kafka, Producer } from 'kafkajs';
import { defaultPartitioner } from './partitioner.ts';

/**
 * The pipeline's producer: idempotent with one request in flight, so a retried request can neither
 * duplicate nor reorder; kafkajs' default (murmur2) partitioning, so keys land where Java clients put them.
 */
export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: defaultPartitioner,
  });
  await producer.connect();
  return producer;
}
