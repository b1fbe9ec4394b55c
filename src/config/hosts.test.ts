import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHostsResolve } from './hosts.ts';
import { loadConfig } from './pipeline.ts';

test('a host name that does not resolve fails naming the setting and where it was set', async () => {
  const config = loadConfig(undefined, { PROFILE_CDC_KAFKA_BROKERS: 'notahost.invalid:1' });
  await assert.rejects(checkHostsResolve(config), {
    name: 'ConfigError',
    message: 'kafka.brokers (from PROFILE_CDC_KAFKA_BROKERS): cannot resolve notahost.invalid',
  });
  const fine = loadConfig(undefined, {});
  await checkHostsResolve(fine);
});
