import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedKafkaState } from './client.ts';

test("the Kafka client's expected start-up states are debug lines; real failures are not", () => {
  assert.ok(
    expectedKafkaState(
      'Response InitProducerId(key: 22, version: 1)',
      "The coordinator is loading and hence can't process requests for this group",
    ),
  );
  assert.ok(
    expectedKafkaState(
      'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      undefined,
    ),
  );
  assert.ok(
    expectedKafkaState(
      'Response Metadata(key: 3, version: 6)',
      'There is no leader for this topic-partition as we are in the middle of a leadership election',
    ),
  );
  assert.ok(
    expectedKafkaState(
      'Response GroupCoordinator(key: 10, version: 2)',
      'The group coordinator is not available',
    ),
  );
  assert.ok(
    expectedKafkaState(
      'Failed to send messages: This server is not the leader for that topic-partition',
      undefined,
    ),
  );
  assert.ok(!expectedKafkaState('Connection error: connect ECONNREFUSED 127.0.0.1:19092', undefined));
  assert.ok(
    !expectedKafkaState(
      'Response Produce(key: 0, version: 7)',
      'Not authorized to access topics: [Topic authorization failed]',
    ),
  );
});
