import assert from 'node:assert/strict';
import { test } from 'node:test';
import { misconfiguration } from './classify.ts';

const tlsError = (code: string) => Object.assign(new Error(`tls: ${code}`), { code });

test('TLS failures name the setting that fixes them, wherever the client nests the cause', () => {
  assert.equal(
    misconfiguration('postgresql', tlsError('SELF_SIGNED_CERT_IN_CHAIN'))?.setting,
    'postgres.sslRootCert',
  );
  const kafkaRetries = Object.assign(new Error('retries exceeded'), {
    name: 'KafkaJSNumberOfRetriesExceeded',
    cause: Object.assign(new Error('Connection error'), {
      name: 'KafkaJSConnectionError',
      cause: tlsError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    }),
  });
  assert.equal(misconfiguration('kafka', kafkaRetries)?.setting, 'kafka.tlsCaFile');
  const es = Object.assign(new Error('ConnectionError'), {
    name: 'ConnectionError',
    meta: { statusCode: 0 },
    cause: tlsError('CERT_HAS_EXPIRED'),
  });
  assert.deepEqual(misconfiguration('elasticsearch', es), {
    setting: 'elasticsearch.node',
    reason: "the server's certificate is expired (CERT_HAS_EXPIRED): the server needs a current one",
  });
  assert.match(
    misconfiguration('elasticsearch', tlsError('ERR_TLS_CERT_ALTNAME_INVALID'))?.reason ?? '',
    /not issued for this host name/,
  );
});

test('refused credentials are misconfiguration; refused connections and timeouts are not', () => {
  assert.equal(
    misconfiguration(
      'postgresql',
      Object.assign(new Error('password authentication failed'), { code: '28P01' }),
    )?.setting,
    'postgres.password',
  );
  const hba = Object.assign(
    new Error('pg_hba.conf rejects connection for host "127.0.0.1", user "x", no encryption'),
    { code: '28000' },
  );
  assert.equal(misconfiguration('postgresql', hba)?.setting, 'postgres.ssl');
  const sasl = Object.assign(new Error('SASL SCRAM SHA512 authentication failed'), {
    name: 'KafkaJSSASLAuthenticationError',
  });
  assert.equal(misconfiguration('kafka', sasl)?.setting, 'kafka.sasl.password');
  assert.equal(
    misconfiguration('elasticsearch', Object.assign(new Error('401'), { meta: { statusCode: 401 } }))
      ?.setting,
    'elasticsearch.apiKey',
  );
  assert.equal(
    misconfiguration('postgresql', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    null,
  );
  assert.equal(misconfiguration('kafka', new Error('Request timed out')), null);
  assert.equal(
    misconfiguration('elasticsearch', Object.assign(new Error('503'), { meta: { statusCode: 503 } })),
    null,
  );
});
