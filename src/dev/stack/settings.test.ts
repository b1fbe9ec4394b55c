import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../config/errors.ts';
import { kafkaNodePort, localEsUrls, localKafkaBrokers, localPgUrl } from '../../config/local-stack.ts';
import { stackSettings } from './settings.ts';

test('defaults put every service on loopback with its own port', () => {
  const s = stackSettings({});
  assert.equal(s.pg.port, 15432);
  assert.equal(s.kafka.port, 19092);
  assert.equal(s.es.port, 19200);
  assert.equal(localPgUrl(s, 'mosip_ida'), 'postgres://postgres@127.0.0.1:15432/mosip_ida');
});

test('ports come from the environment', () => {
  const s = stackSettings({ PROFILE_CDC_PG_PORT: '25432', PROFILE_CDC_ES_PORT: '29200' });
  assert.equal(s.pg.port, 25432);
  assert.equal(s.es.port, 29200);
});

test('a bad value fails naming the variable', () => {
  assert.throws(
    () => stackSettings({ PROFILE_CDC_KAFKA_PORT: 'ninety' }),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /PROFILE_CDC_KAFKA_PORT/);
      return true;
    },
  );
  assert.throws(() => stackSettings({ PROFILE_CDC_ES_HEAP: '2 gigs' }), /PROFILE_CDC_ES_HEAP/);
  assert.throws(() => stackSettings({ PROFILE_CDC_PG_PORT: '80' }), /PROFILE_CDC_PG_PORT/);
});

test('the cluster profile: three brokers with their controllers between them, two nodes, its own state', () => {
  const s = stackSettings({ PROFILE_CDC_STACK_CLUSTER: 'true' });
  assert.equal(s.cluster, true);
  assert.match(s.stateDir, /\.stack-cluster$/);
  assert.deepEqual(localKafkaBrokers(s), ['127.0.0.1:19092', '127.0.0.1:19094', '127.0.0.1:19096']);
  assert.deepEqual(
    [0, 1, 2].map((i) => kafkaNodePort(s.kafka.controllerPort, i)),
    [19093, 19095, 19097],
  );
  assert.deepEqual(localEsUrls(s), ['http://127.0.0.1:19200', 'http://127.0.0.1:19201']);
  assert.equal(
    stackSettings({ PROFILE_CDC_STACK_CLUSTER: 'true', PROFILE_CDC_STATE_DIR: '/x' }).stateDir,
    '/x',
  );
  assert.deepEqual(localKafkaBrokers(stackSettings({})), ['127.0.0.1:19092']);
  assert.throws(() => stackSettings({ PROFILE_CDC_STACK_CLUSTER: 'yes' }), /PROFILE_CDC_STACK_CLUSTER/);
});
