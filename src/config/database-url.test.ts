import assert from 'node:assert/strict';
import { test } from 'node:test';
import { databaseUrl } from './database-url.ts';
import { loadConfig } from './pipeline.ts';

const postgres = (env: Record<string, string>) => loadConfig(undefined, env).postgres;

test('a database URL from host, port, user and an encoded password', () => {
  const url = databaseUrl(
    postgres({ PROFILE_CDC_PG_HOST: 'db', PROFILE_CDC_PG_USER: 'cdc', PROFILE_CDC_PG_PASSWORD: 'p@ss/w' }),
    'mosip_ida',
  );
  assert.equal(url, 'postgres://cdc:p%40ss%2Fw@db:15432/mosip_ida');
});

test("TLS modes keep libpq's meaning", () => {
  assert.match(
    databaseUrl(postgres({ PROFILE_CDC_PG_SSL: 'require' }), 'd'),
    /\?uselibpqcompat=true&sslmode=require$/,
  );
  const verify = databaseUrl(
    postgres({ PROFILE_CDC_PG_SSL: 'verify-full', PROFILE_CDC_PG_SSL_ROOT_CERT: '/ca.pem' }),
    'd',
  );
  assert.match(verify, /\?sslmode=verify-full&sslrootcert=%2Fca.pem$/);
  const off = databaseUrl(
    postgres({ PROFILE_CDC_PG_SSL: 'disable', PROFILE_CDC_PG_SSL_ROOT_CERT: '/ca.pem' }),
    'd',
  );
  assert.doesNotMatch(off, /ssl/, 'a CA file alone does not turn TLS on (node-postgres would)');
});

test('an explicit URL per database wins', () => {
  const config = loadConfig(undefined, {}).postgres;
  config.urls.mosip_ida = 'postgres://elsewhere/mosip_ida';
  assert.equal(databaseUrl(config, 'mosip_ida'), 'postgres://elsewhere/mosip_ida');
});

test('Kafka TLS and SASL from the environment; a bad mechanism names its key', () => {
  const kafka = loadConfig(undefined, {
    PROFILE_CDC_KAFKA_TLS: 'true',
    PROFILE_CDC_KAFKA_SASL_MECHANISM: 'scram-sha-512',
    PROFILE_CDC_KAFKA_SASL_USERNAME: 'cdc',
    PROFILE_CDC_KAFKA_SASL_PASSWORD: 'secret',
  }).kafka;
  assert.equal(kafka.tls, true);
  assert.deepEqual(kafka.sasl, { mechanism: 'scram-sha-512', username: 'cdc', password: 'secret' });
  assert.throws(
    () =>
      loadConfig(undefined, {
        PROFILE_CDC_KAFKA_SASL_MECHANISM: 'kerberos',
        PROFILE_CDC_KAFKA_SASL_USERNAME: 'u',
        PROFILE_CDC_KAFKA_SASL_PASSWORD: 'p',
      }),
    /kafka\.sasl\.mechanism/,
  );
});
