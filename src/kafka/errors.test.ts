import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs from 'kafkajs';
import { classifyKafkaError, kafkaErrorText } from './errors.ts';

// kafkajs is CommonJS: its error classes are properties of the module, not named exports.
const { KafkaJSNonRetriableError, KafkaJSProtocolError, KafkaJSSASLAuthenticationError } = kafkajs;

const protocol = (type: string, retriable = false) =>
  new KafkaJSProtocolError({ message: type, type, code: 0, retriable } as never);

test('Kafka failures are classified by what the broker said, through the client wrapping it', () => {
  assert.equal(classifyKafkaError(new Error('Connection error: connect ECONNREFUSED')), 'transient');
  assert.equal(classifyKafkaError(protocol('LEADER_NOT_AVAILABLE', true)), 'transient');
  assert.equal(classifyKafkaError(protocol('MESSAGE_TOO_LARGE')), 'record');
  const cause = protocol('RECORD_LIST_TOO_LARGE');
  // What kafkajs' retrier rejects with when it gives up on a request.
  const wrapped = new (KafkaJSNonRetriableError as new (e: Error, o: { cause: Error }) => Error)(cause, {
    cause,
  });
  assert.equal(classifyKafkaError(wrapped), 'record');
  assert.equal(classifyKafkaError(protocol('TOPIC_AUTHORIZATION_FAILED')), 'topic');
  assert.equal(classifyKafkaError(protocol('CLUSTER_AUTHORIZATION_FAILED')), 'fatal');
  assert.equal(
    classifyKafkaError(new (KafkaJSSASLAuthenticationError as new (m: string) => Error)('bad password')),
    'fatal',
  );
  assert.match(kafkaErrorText(wrapped), /^RECORD_LIST_TOO_LARGE: /);
});
