import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readSample } from '../../src/kinds/fixtures/samples.ts';
import { startSink } from '../../src/sink/run.ts';
import { startSource } from '../../src/source/run.ts';
import { pipelineFixture } from './support/pipeline-fixture.ts';
import { requireStack } from './support/stack.ts';

let fx: Awaited<ReturnType<typeof pipelineFixture>>;
before(async () => {
  await requireStack();
  fx = await pipelineFixture('it_quality');
});
after(async () => fx?.close());

type Doc = Record<string, unknown> & { quality: { count: number; issues: string[] } };

/** Profiles as real rows hold them: each with one defect, and the codes ID authentication really writes. */
const regprc = readSample('regprc').profile;
const ida = readSample('ida').profile;
const defective: { table: 'regprc' | 'ida'; id: string; profile: unknown; issue: string; field: string }[] = [
  {
    table: 'regprc',
    id: 'q-future',
    profile: { ...regprc, yearOfBirth: 3050 },
    issue: 'yearOfBirth:after-event',
    field: 'yearOfBirth',
  },
  {
    table: 'regprc',
    id: 'q-old',
    profile: { ...regprc, yearOfBirth: 1850 },
    issue: 'yearOfBirth:too-old',
    field: 'yearOfBirth',
  },
  {
    table: 'regprc',
    id: 'q-date',
    profile: { ...regprc, date: '2026-02-30' },
    issue: 'date:impossible-date',
    field: 'date',
  },
  {
    table: 'regprc',
    id: 'q-gender',
    profile: { ...regprc, gender: 7 },
    issue: 'gender:wrong-type',
    field: 'gender',
  },
  {
    table: 'regprc',
    id: 'q-long',
    profile: { ...regprc, status: 's'.repeat(5000) },
    issue: 'status:too-long',
    field: 'status',
  },
  {
    table: 'regprc',
    id: 'q-many',
    profile: { ...regprc, location: Array(40).fill('L') },
    issue: 'location:too-many',
    field: 'location.path',
  },
  {
    table: 'ida',
    id: 'q-nan',
    profile: { ...ida, biometricInfo: [{ type: 'FINGER', qualityScore: 'NaN' }] },
    issue: 'biometricInfo.qualityScore:not-a-number',
    field: 'biometrics.finger.qualityMean',
  },
  {
    table: 'ida',
    id: 'q-status',
    profile: { ...ida, status: 'pending' },
    issue: 'status:unknown-code',
    field: 'success',
  },
];

test('a defect costs its field: every row indexed, the field unknown, the issue listed; real factor codes counted right', {
  timeout: 180_000,
}, async () => {
  for (const d of defective) {
    const c = fx.connector(d.table);
    const stage = d.table === 'regprc' ? ', process_stage' : '';
    await fx.query(
      c,
      `INSERT INTO ${c.schema}.${c.table} (id${stage}, profile, cr_by, cr_dtimes) VALUES ($1${stage ? ", 'PacketReceiverStage'" : ''}, $2, 'test', now())`,
      [d.id, JSON.stringify(d.profile)],
    );
  }
  const codes = ['FINGER-AUTH', 'FINGERPRINT-AUTH', 'BIO-AUTH', 'OTP-AUTH', 'DEMO-AUTH', 'EKYC-AUTH'];
  for (const code of codes) {
    const c = fx.connector('ida');
    await fx.query(
      c,
      "INSERT INTO ida.anonymous_profile (id, profile, cr_by, cr_dtimes) VALUES ($1, $2, 'ida', now())",
      [`f-${code}`, JSON.stringify({ ...ida, authFactors: [code] })],
    );
  }
  const source = await startSource(fx.config, fx.connectors);
  const sink = await startSink(fx.config, fx.connectors);
  try {
    await fx.allIndexed();
    assert.equal(sink.stats.deadLettered, 0);
    for (const s of source.sources) assert.equal(s.stats.deadLettered, 0, s.name);
    for (const d of defective) {
      const c = fx.connector(d.table);
      const doc = (await fx.es.get<Doc>({ index: c.index, id: `${c.name}:${d.id}` }))._source as Doc;
      assert.deepEqual(doc.quality.issues, [d.issue], d.id);
      const value = d.field
        .split('.')
        .reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], doc);
      assert.equal(value ?? null, null, `${d.id}: ${d.field} unknown`);
      assert.ok(doc['@timestamp'] !== undefined && doc.row, `${d.id}: the rest is there`);
    }
    const ida = fx.connector('ida');
    const byMethod = await fx.es.search({
      index: ida.index,
      size: 0,
      query: { prefix: { 'row.id': 'f-' } },
      aggs: {
        biometric: { terms: { field: 'biometricAuth' } },
        modality: { terms: { field: 'authModalities' } },
      },
    });
    type Terms = { buckets: { key_as_string?: string; key: string; doc_count: number }[] };
    const aggregations = byMethod.aggregations as Record<string, Terms>;
    const buckets = (name: string) =>
      Object.fromEntries(
        (aggregations[name] as Terms).buckets.map((b) => [b.key_as_string ?? b.key, b.doc_count]),
      );
    assert.deepEqual(
      buckets('biometric'),
      { true: 3, false: 3 },
      'FINGER-AUTH, FINGERPRINT-AUTH and BIO-AUTH are biometric',
    );
    assert.deepEqual(buckets('modality'), { finger: 2, unknown: 1 });
    const share = await fx.es.count({
      index: fx.connector('regprc').index,
      query: { term: { 'quality.hasIssues': true } },
    });
    assert.equal(share.count, 6);
  } finally {
    await source.stop();
    await sink.stop();
  }
});
