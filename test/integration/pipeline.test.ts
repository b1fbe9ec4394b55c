import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readSample } from '../../src/kinds/fixtures/samples.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { waitFor } from '../../src/util/wait.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;

before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_e2e');
});
after(async () => fx?.close());

test('rows in all four tables reach their indices: exact counts, enriched values, no personal fields', {
  timeout: 240_000,
}, async () => {
  await fx.generate(400, 'before');
  const source = await startSource(fx.config, fx.connectors);
  const sink = await startSink(fx.config, fx.connectors);
  try {
    await fx.generate(400, 'after');
    const regprc = readSample('regprc');
    const leaky = {
      ...readSample('prereg').profile,
      name: 'Amina El Idrissi',
      phone: '+212600000000',
      email: 'a@b.ma',
    };
    await fx.query(
      fx.connector('regprc'),
      'INSERT INTO regprc.anonymous_profile (id, process_stage, profile, cr_by, cr_dtimes) VALUES ($1, $2, $3, $4, $5)',
      [regprc.row.id, regprc.row.process_stage, regprc.text, regprc.row.cr_by, regprc.row.cr_dtimes],
    );
    await fx.query(
      fx.connector('prereg'),
      "INSERT INTO prereg.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ('leaky-1', $1, 'prereg-service', now())",
      [JSON.stringify(leaky)],
    );

    await fx.allIndexed();

    const doc = await fx.es.get<Record<string, unknown>>({
      index: fx.connector('regprc').index,
      id: `regprc:${regprc.row.id}`,
    });
    const body = doc._source as {
      age: number;
      ageGroup: string;
      processingSeconds: number;
      channelClass: string;
      biometrics: { finger: { qualityMean: number } };
      location: { level2: string };
    };
    assert.equal(body.age, 68);
    assert.equal(body.ageGroup, '60+');
    assert.equal(body.processingSeconds, 1266.913);
    assert.equal(body.channelClass, 'phone and email');
    assert.equal(body.biometrics.finger.qualityMean, 73);
    assert.equal(body.location.level2, 'Kenitra');

    const leak = await fx.es.get<Record<string, unknown>>({
      index: fx.connector('prereg').index,
      id: 'prereg:leaky-1',
    });
    const text = JSON.stringify(leak._source);
    for (const secret of ['Amina', '+212600000000', 'a@b.ma'])
      assert.ok(!text.includes(secret), `${secret} leaked`);

    const deleted = await fx.query<{ id: string }>(
      fx.connector('ida'),
      'DELETE FROM ida.anonymous_profile WHERE id IN (SELECT id FROM ida.anonymous_profile ORDER BY id LIMIT 5) RETURNING id',
    );
    await fx.query(
      fx.connector('idrepo'),
      'UPDATE idrepo.anonymous_profile SET is_deleted = true WHERE id IN (SELECT id FROM idrepo.anonymous_profile ORDER BY id LIMIT 3)',
    );
    await waitFor(async () => (await fx.indexCount(fx.connector('ida'))) === 795, {
      timeoutMs: 60_000,
      what: 'deletes',
    });
    await waitFor(async () => (await fx.indexCount(fx.connector('idrepo'))) === 797, {
      timeoutMs: 60_000,
      what: 'soft deletes',
    });
    assert.equal(deleted.length, 5);
    assert.equal(sink.stats.deadLettered, 0);
  } finally {
    await source.stop();
    await sink.stop();
  }
});
