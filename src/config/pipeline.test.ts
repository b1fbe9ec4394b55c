import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from './errors.ts';
import { loadConfig } from './pipeline.ts';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'profile-cdc.yaml');
  writeFileSync(path, text);
  return path;
};

test('with no file and no variables, every section has its local-stack defaults', () => {
  const c = loadConfig(undefined, {});
  assert.equal(c.postgres.port, 15432);
  assert.deepEqual(c.postgres.urls, {});
  assert.deepEqual(c.kafka.brokers, ['127.0.0.1:19092']);
  assert.equal(c.source.snapshot, 'initial');
  assert.equal(c.elasticsearch.node, 'http://127.0.0.1:19200');
});

test('on the cluster profile, the defaults replicate: every broker and node, factor 3, 2 in sync, a replica', () => {
  const c = loadConfig(undefined, { PROFILE_CDC_STACK_CLUSTER: 'true' });
  assert.equal(c.kafka.brokers.length, 3);
  assert.equal(c.kafka.replicationFactor, 3);
  assert.equal(c.kafka.minInsyncReplicas, 2);
  assert.equal(c.sink.replicas, 1);
  assert.equal(c.elasticsearch.node, 'http://127.0.0.1:19200');
  assert.deepEqual(c.elasticsearch.nodes, ['http://127.0.0.1:19201']);
  const single = loadConfig(undefined, {});
  assert.equal(single.kafka.minInsyncReplicas, undefined);
  assert.deepEqual(single.elasticsearch.nodes, []);
});

test('min.insync.replicas above the replication factor fails at start-up: no write could succeed', () => {
  assert.throws(
    () => loadConfig(undefined, { PROFILE_CDC_KAFKA_MIN_INSYNC_REPLICAS: '2' }),
    /kafka\.minInsyncReplicas \(from PROFILE_CDC_KAFKA_MIN_INSYNC_REPLICAS\): larger than kafka\.replicationFactor/,
  );
});

test('variables override the file; lists split on commas', () => {
  const path = file('kafka:\n  brokers: [a:9092]\n  partitions: 6\nsource:\n  snapshot: never\n');
  const c = loadConfig(path, { PROFILE_CDC_KAFKA_BROKERS: 'b:9092, c:9092' });
  assert.deepEqual(c.kafka.brokers, ['b:9092', 'c:9092']);
  assert.equal(c.kafka.partitions, 6);
  assert.equal(c.source.snapshot, 'never');
});

test('a bad value fails at start-up naming the key and where it came from', () => {
  assert.throws(
    () => loadConfig(undefined, { PROFILE_CDC_SNAPSHOT: 'sometimes' }),
    (err: Error) =>
      err instanceof ConfigError && /source\.snapshot \(from PROFILE_CDC_SNAPSHOT\)/.test(err.message),
  );
  assert.throws(
    () => loadConfig(file('kafka:\n  partitions: -1\n'), {}),
    /kafka\.partitions \(in .*profile-cdc\.yaml\)/,
  );
  assert.throws(() => loadConfig(file('kafka:\n  brokerz: [x]\n'), {}), /kafka/);
  assert.throws(() => loadConfig('/nonexistent.yaml', {}), /does not exist/);
});

test('a secret comes from a file and never appears in an error message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-'));
  writeFileSync(join(dir, 'pw'), 's3cret-value\n');
  const c = loadConfig(undefined, { PROFILE_CDC_PG_PASSWORD_FILE: join(dir, 'pw') });
  assert.equal(c.postgres.password, 's3cret-value');
  assert.throws(
    () => loadConfig(undefined, { PROFILE_CDC_PG_PASSWORD: 's3cret-value', PROFILE_CDC_PG_PORT: 'x' }),
    (err: Error) => !err.message.includes('s3cret-value'),
  );
});
