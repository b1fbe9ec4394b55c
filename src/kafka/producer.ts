import { type Kafka, Partitioners, type Producer } from 'kafkajs';

/**
 * The pipeline's producer: idempotent with one request in flight, so a retried request can neither
 * duplicate nor reorder; the default (murmur2) partitioner, so keys land where Java clients put them.
 */
export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}
