import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateRows } from '../../src/dev/generate/generate-rows.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited, startCli } from './support/child.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { pgUrl, requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
const logs = mkdtempSync(join(tmpdir(), 'shutdown-'));
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_sigterm');
});
after(async () => fx?.close());

test('SIGTERM under steady load: a clean exit within the grace period, then nothing lost and no duplicate', {
  timeout: 300_000,
}, async () => {
  const log = join(logs, 'sigterm.log');
  const env = { ...fx.env, PROFILE_CDC_SHUTDOWN_GRACE_MS: '20000' };
  let pipeline = startCli(['run'], env, log);
  const writing = Promise.all(
    fx.connectors.map((connector) =>
      generateRows({ connector, url: pgUrl(connector.database), rows: 2000, rate: 250, seed: 'sigterm' }),
    ),
  );
  await waitFor(async () => (await fx.indexCount(fx.connector('ida'))) > 300, {
    timeoutMs: 90_000,
    intervalMs: 250,
    what: 'documents to flow',
  });
  const signalled = Date.now();
  pipeline.kill('SIGTERM');
  assert.equal(
    await exited(pipeline),
    0,
    'exit code 0: in-flight work finished, offsets committed, slot confirmed',
  );
  assert.ok(Date.now() - signalled < 20_000, 'within the grace period');
  assert.match(readFileSync(log, 'utf8'), /"msg":"stopped"/);

  pipeline = startCli(['run'], env, log);
  try {
    await writing;
    await fx.allIndexed();
  } finally {
    pipeline.kill('SIGTERM');
    assert.equal(await exited(pipeline), 0);
  }
});

test('secrets never reach the logs, even at debug level and on errors', { timeout: 120_000 }, async () => {
  const secrets = {
    PROFILE_CDC_PG_PASSWORD: 'pg-Secret-4711',
    PROFILE_CDC_ES_USERNAME: 'elastic',
    PROFILE_CDC_ES_PASSWORD: 'es-Secret-4712',
  };
  const log = join(logs, 'secrets.log');
  const base = { ...fx.env, ...secrets, PROFILE_CDC_LOG_LEVEL: 'debug' };

  // A working pipeline with credentials (trust auth and security-off Elasticsearch ignore them).
  const pipeline = startCli(['run'], base, log);
  for (const connector of fx.connectors) {
    await generateRows({ connector, url: pgUrl(connector.database), rows: 50, seed: 'secrets' });
  }
  await fx.allIndexed();
  pipeline.kill('SIGTERM');
  assert.equal(await exited(pipeline), 0);

  // Kafka SASL against a broker without it: the source fails and retries, logging errors.
  const sasl = startCli(
    ['source'],
    {
      ...base,
      PROFILE_CDC_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      PROFILE_CDC_KAFKA_SASL_USERNAME: 'cdc',
      PROFILE_CDC_KAFKA_SASL_PASSWORD: 'kafka-Secret-4713',
    },
    log,
  );
  await waitFor(() => /"level":50/.test(readFileSync(log, 'utf8').split('"msg":"stopped"').at(-1) ?? ''), {
    timeoutMs: 60_000,
    what: 'the SASL failure to be logged',
  });
  sasl.kill('SIGKILL');
  await exited(sasl);

  // A configuration error names the key, not the value.
  const bad = startCli(['source'], { ...base, PROFILE_CDC_KAFKA_PARTITIONS: 'many' }, log);
  assert.equal(await exited(bad), 2);

  const text = readFileSync(log, 'utf8');
  assert.match(text, /kafka\.partitions/, 'the config error was logged');
  for (const secret of ['pg-Secret-4711', 'es-Secret-4712', 'kafka-Secret-4713']) {
    assert.ok(!text.includes(secret), `${secret} appears in the logs`);
  }
});
