import { errorChain } from '../util/error-chain.ts';

/**
 * What a Kafka failure means for the records involved:
 * - transient: the broker is away, busy or electing a leader; the same request may succeed later;
 * - record: the broker refuses these records and always will (too large, invalid): dead-letter them;
 * - topic: the broker refuses anything for this topic (not authorised, invalid name): dead-letter them too;
 * - fatal: the client itself cannot work (authentication, cluster authorisation): nothing will get through.
 */
export type KafkaFailure = 'transient' | 'record' | 'topic' | 'fatal';

const recordTypes = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);
const topicTypes = new Set(['TOPIC_AUTHORIZATION_FAILED', 'INVALID_TOPIC_EXCEPTION', 'POLICY_VIOLATION']);
const fatalTypes = new Set([
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'UNSUPPORTED_VERSION',
]);
const fatalNames = new Set(['KafkaJSSASLAuthenticationError', 'KafkaJSServerDoesNotSupportApiKey']);

/** The protocol error types and error names of `err` and its causes (kafkajs wraps what its retrier gave up on). */
function causes(err: unknown): { types: string[]; names: string[] } {
  const types: string[] = [];
  const names: string[] = [];
  for (const { type, name } of errorChain(err)) {
    if (typeof type === 'string') types.push(type);
    if (typeof name === 'string') names.push(name);
  }
  return { types, names };
}

export function classifyKafkaError(err: unknown): KafkaFailure {
  const { types, names } = causes(err);
  if (types.some((t) => fatalTypes.has(t)) || names.some((n) => fatalNames.has(n))) return 'fatal';
  if (types.some((t) => topicTypes.has(t))) return 'topic';
  if (types.some((t) => recordTypes.has(t))) return 'record';
  return 'transient';
}

/** Whether retrying the same request can never help. */
export const isPermanent = (err: unknown): boolean => classifyKafkaError(err) !== 'transient';

/** The protocol error type that decided, for reasons ("MESSAGE_TOO_LARGE"), or the error's message. */
export function kafkaErrorText(err: unknown): string {
  const { types } = causes(err);
  const message = err instanceof Error ? err.message : String(err);
  return types.length > 0 ? `${types.at(-1)}: ${message}` : message;
}

/** kafkaErrorText, and for an authorisation failure where the grants are written down. */
export function kafkaFailureText(err: unknown): string {
  const text = kafkaErrorText(err);
  return causes(err).types.some((t) => t.endsWith('_AUTHORIZATION_FAILED'))
    ? `${text} (this credential lacks an ACL: see profile-cdc setup --print-kafka-acls)`
    : text;
}
