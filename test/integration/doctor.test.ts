import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exitCode, formatChecks } from '../../src/operations/doctor/check.ts';
import { runDoctor } from '../../src/operations/doctor/run.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;

before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_doctor');
});
after(async () => fx?.close());

test('doctor on a healthy pipeline: every check passes (warnings allowed), with the slots, topics and aliases', {
  timeout: 180_000,
}, async () => {
  await fx.fillThroughPipeline(20, 5, 'doctor');
  const checks = await runDoctor(fx.config, fx.connectors);
  const failed = checks.filter((c) => c.status === 'fail');
  assert.deepEqual(failed, [], formatChecks(checks));
  assert.equal(exitCode(checks), 0);
  for (const c of fx.connectors) {
    for (const name of [
      'connect',
      'wal_level',
      'REPLICATION',
      'SELECT',
      'pg_logical_emit_message',
      'publication',
      'slot',
    ])
      assert.ok(
        checks.some((x) => x.subject === c.name && x.name === name && x.status === 'pass'),
        `${c.name} ${name}`,
      );
    assert.ok(
      checks.some((x) => x.subject === c.index && x.name === 'alias' && x.status === 'pass'),
      c.index,
    );
  }
  assert.ok(checks.some((x) => x.name === 'sink group lag' && x.detail.startsWith('0 message')));
});

test('doctor on broken settings: each unreachable service fails, naming the setting to fix; a dropped publication warns', {
  timeout: 120_000,
}, async () => {
  const prereg = fx.connector('prereg');
  await fx.query(prereg, `DROP PUBLICATION ${prereg.publication}`);
  const healthy = await runDoctor(fx.config, [prereg]);
  const publication = healthy.find((c) => c.name === 'publication');
  assert.equal(publication?.status, 'warn');
  assert.match(publication?.fix ?? '', /setup/);

  const broken = structuredClone(fx.config);
  broken.postgres.port = 1;
  broken.kafka.brokers = ['127.0.0.1:1'];
  broken.elasticsearch.node = 'http://127.0.0.1:1';
  broken.elasticsearch.nodes = [];
  const checks = await runDoctor(broken, [prereg]);
  const failure = (area: string) => checks.find((c) => c.area === area && c.status === 'fail');
  assert.match(failure('postgresql')?.fix ?? '', /postgres\.port/);
  assert.match(failure('kafka')?.fix ?? '', /kafka\.brokers/);
  assert.match(failure('elasticsearch')?.fix ?? '', /elasticsearch\.node/);
  assert.equal(exitCode(checks), 1);
  assert.match(formatChecks(checks), /^FAIL {2}postgresql/m);
});
