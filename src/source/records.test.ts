import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Connector } from '../connectors/connector.ts';
import type { ChangeRecord, DeadLetter } from '../encode/change-record.ts';
import { Decoder } from '../encode/decoder.ts';
import { createEncoder } from '../encode/encoder.ts';
import { keyOnly } from '../encode/fixtures/changes.ts';
import { readSample } from '../kinds/fixtures/samples.ts';
import { loadSchemas } from '../kinds/schemas.ts';
import { messageBytes, rowMessages, toMessages } from './messages.ts';
import { buildRecord, type ReadPosition } from './records.ts';

const regprc: Connector = {
  name: 'regprc',
  kind: 'registration',
  database: 'mosip_regprc',
  schema: 'regprc',
  table: 'anonymous_profile',
  slot: 'profile_cdc_regprc',
  publication: 'profile_cdc_regprc',
  index: 'mosip-regprc',
};
const topics = { records: 'mosip.regprc.anonymous_profile', deadLetter: 'mosip.dead-letter' };
const streamed: ReadPosition = {
  lsn: '0/16B3748',
  txId: 771,
  commitTime: Date.UTC(2026, 2, 16, 8, 12, 55, 101),
};
const snapshot: ReadPosition = { lsn: '0/16B0000', txId: null, commitTime: null };

/** A regprc row as pgoutput and the snapshot deliver it: timestamps as PostgreSQL's text. */
function sampleRow(): Record<string, unknown> {
  const sample = readSample('regprc');
  return {
    id: sample.row.id,
    process_stage: sample.row.process_stage,
    profile: sample.text,
    cr_by: sample.row.cr_by,
    cr_dtimes: '2026-03-15 11:02:09.104',
    upd_by: null,
    upd_dtimes: null,
    is_deleted: false,
    del_dtimes: null,
  };
}

const schemas = loadSchemas();
const encoder = createEncoder(schemas);
const decoder = new Decoder({ schemas: [...schemas.values()].map((s) => s.type) });
const decode = (value: Buffer | null | undefined) => decoder.decodeNow(value as Buffer)?.value;

describe('a row as its record (buildRecord)', () => {
  it('an insert: the normalised profile, the row columns in UTC, the WAL position and commit time', () => {
    const built = buildRecord(regprc, 'c', sampleRow(), streamed);
    assert.equal(built.kind, 'change');
    if (built.kind !== 'change') return;
    assert.equal(built.key, sampleRow().id);
    const record = built.record as ChangeRecord<{ processStage: string; yearOfBirth: number }>;
    assert.equal(record.op, 'c');
    assert.deepEqual(record.source, {
      connector: 'regprc',
      database: 'mosip_regprc',
      schema: 'regprc',
      table: 'anonymous_profile',
      lsn: '0/16B3748',
      txId: 771,
      commitTime: '2026-03-16T08:12:55.101Z',
    });
    assert.equal(record.row.cr_dtimes, '2026-03-15T11:02:09.104Z');
    assert.equal(record.row.is_deleted, false);
    assert.equal(record.profile?.processStage, 'PrintingStage');
    assert.equal(record.profile?.yearOfBirth, 1958);
  });

  it('a snapshot read: op r, the slot position, no transaction and no commit time', () => {
    const built = buildRecord(regprc, 'r', sampleRow(), snapshot);
    assert.ok(built.kind === 'change');
    assert.equal(built.record.op, 'r');
    assert.deepEqual(
      {
        lsn: built.record.source.lsn,
        txId: built.record.source.txId,
        commitTime: built.record.source.commitTime,
      },
      { lsn: '0/16B0000', txId: null, commitTime: null },
    );
  });

  it('a delete carries the key only, and no profile', () => {
    const built = buildRecord(regprc, 'd', { id: 'gone-1' }, streamed);
    assert.ok(built.kind === 'change');
    assert.equal(built.record.profile, null);
    assert.deepEqual(built.record.row, keyOnly('gone-1'));
  });

  it('an update whose unchanged (TOASTed) profile was not resent travels without a profile', () => {
    const built = buildRecord(regprc, 'u', { ...sampleRow(), profile: undefined, upd_by: 'admin' }, streamed);
    assert.ok(built.kind === 'change');
    assert.equal(built.record.profile, null);
    assert.equal(built.record.row.upd_by, 'admin');
  });

  it('a bad field costs that field: the row travels, its issues with it', () => {
    const profile = JSON.stringify({ ...readSample('regprc').profile, yearOfBirth: 3050 });
    const built = buildRecord(regprc, 'c', { ...sampleRow(), profile }, streamed);
    assert.ok(built.kind === 'change');
    assert.equal((built.record.profile as { yearOfBirth: unknown }).yearOfBirth, null);
    assert.deepEqual(built.record.issues, [{ field: 'yearOfBirth', issue: 'after-event' }]);
    const deep = `{"location": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const deepBuilt = buildRecord(regprc, 'c', { ...sampleRow(), profile: deep }, streamed);
    assert.ok(deepBuilt.kind === 'change');
    assert.deepEqual(deepBuilt.record.issues, [{ field: 'location', issue: 'too-deep' }]);
  });

  it('what cannot be a record becomes a dead letter with the raw text, the reason and the position', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...sampleRow(), profile: '[{"date": "2026-03-15"}]' }, /profile is JSON array, not an object/],
      [{ ...sampleRow(), profile: 'not json' }, /not valid JSON/],
      [{ ...sampleRow(), profile: null }, /profile is null/],
      [{ ...sampleRow(), id: '' }, /the row has no id/],
      [{ ...sampleRow(), cr_dtimes: 'yesterday' }, /unreadable column: not a timestamp/],
      [
        { ...sampleRow(), profile: JSON.stringify({ status: 'x'.repeat(300_000) }) },
        /the profile takes 300013 bytes, more than source.maxProfileBytes \(262144\)/,
      ],
    ];
    for (const [row, reason] of cases) {
      const built = buildRecord(regprc, 'c', row, streamed);
      assert.equal(built.kind, 'dead-letter', String(reason));
      if (built.kind !== 'dead-letter') continue;
      const letter: DeadLetter = built.deadLetter;
      assert.match(letter.reason, reason);
      if (typeof row.profile === 'string')
        assert.ok(row.profile.startsWith(letter.raw ?? '?'), 'the raw text, cut');
      else assert.equal(letter.raw, null);
      assert.equal(letter.kind, 'registration');
      assert.equal(letter.op, 'c');
      assert.equal(letter.source.lsn, '0/16B3748');
      assert.equal(letter.rowId, (row.id as string) || '');
    }
  });
});

describe('a record as its Kafka messages (toMessages)', () => {
  it('a change: one message keyed by row id with the op header, Avro of the kind', async () => {
    const built = buildRecord(regprc, 'c', sampleRow(), streamed);
    const messages = toMessages(built, 'registration', topics, await encoder);
    assert.equal(messages.length, 1);
    const [out] = messages;
    assert.equal(out?.topic, topics.records);
    assert.equal(out?.message.key, sampleRow().id);
    assert.deepEqual(out?.message.headers, { op: 'c' });
    assert.deepEqual(
      structuredClone(decode(out?.message.value as Buffer)),
      built.kind === 'change' && built.record,
    );
  });

  it('a delete: the delete event, then a tombstone of the same key so compaction can drop it', async () => {
    const messages = toMessages(
      buildRecord(regprc, 'd', { id: 'gone-1' }, streamed),
      'registration',
      topics,
      await encoder,
    );
    assert.deepEqual(
      messages.map((m) => ({ topic: m.topic, key: m.message.key, tombstone: m.message.value === null })),
      [
        { topic: topics.records, key: 'gone-1', tombstone: false },
        { topic: topics.records, key: 'gone-1', tombstone: true },
      ],
    );
    assert.equal((decode(messages[0]?.message.value as Buffer) as ChangeRecord<unknown>).op, 'd');
  });

  it('a snapshot read is one message with op r', async () => {
    const messages = toMessages(
      buildRecord(regprc, 'r', sampleRow(), snapshot),
      'registration',
      topics,
      await encoder,
    );
    assert.deepEqual(
      messages.map((m) => m.message.headers),
      [{ op: 'r' }],
    );
  });

  it('a dead letter goes to the dead-letter topic, keyed by row id, as a deadletter record', async () => {
    const built = buildRecord(regprc, 'c', { ...sampleRow(), profile: '[]' }, streamed);
    const messages = toMessages(built, 'registration', topics, await encoder);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.topic, topics.deadLetter);
    assert.equal(messages[0]?.message.key, sampleRow().id);
    const letter = decode(messages[0]?.message.value as Buffer) as DeadLetter;
    assert.match(letter.reason, /profile is JSON array, not an object/);
    assert.equal(letter.raw, '[]');
  });
});

describe('size limits before Kafka (rowMessages)', () => {
  const encoding = async (records: number) => ({
    encode: await encoder,
    topics,
    maxBytes: { records, deadLetter: 1_048_576 },
    letters: { rawBytes: 4096, reasonChars: 2000 },
    maxProfileBytes: 4_000_000,
  });

  it('a record within its topic limit travels as it is', async () => {
    const { built, messages } = rowMessages(regprc, 'c', sampleRow(), streamed, await encoding(1_048_576));
    assert.equal(built.kind, 'change');
    assert.equal(messages[0]?.topic, topics.records);
  });

  it('a record above the limit never reaches the producer: its row is a bounded too-large dead letter', async () => {
    const huge = {
      ...sampleRow(),
      // Every field readable, and the record still larger than the topic takes.
      profile: JSON.stringify({
        ...readSample('regprc').profile,
        biometricInfo: Array.from({ length: 90 }, () => ({ type: 'FINGER', subType: 'x'.repeat(900) })),
      }),
    };
    const { built, messages } = rowMessages(regprc, 'c', huge, streamed, await encoding(65_536));
    assert.equal(built.kind, 'dead-letter');
    assert.equal(messages.length, 1);
    const [letterMessage] = messages;
    assert.equal(letterMessage?.topic, topics.deadLetter);
    assert.equal(letterMessage?.deadLetter, 'too-large');
    assert.ok(messageBytes(letterMessage?.message ?? {}) < 8192, 'the letter is small');
    const letter = decode(letterMessage?.message.value as Buffer) as DeadLetter;
    assert.match(
      letter.reason,
      /the record takes \d+ bytes, more than the 65536 that topic mosip\.regprc\.anonymous_profile takes/,
    );
    assert.equal(letter.rawBytes, Buffer.byteLength(huge.profile as string));
    assert.equal(
      letter.rawSha256,
      createHash('sha256')
        .update(huge.profile as string)
        .digest('hex'),
    );
    assert.equal(letter.raw, (huge.profile as string).slice(0, 4096));
    assert.equal(letter.source.lsn, streamed.lsn);
  });
});

describe('master-data rows', () => {
  const centres = {
    name: 'master-centres',
    kind: 'registration-centre',
    database: 'mosip_master',
    schema: 'master',
    table: 'registration_center',
    slot: 's',
    publication: 'p',
  };
  const row = {
    id: '10001',
    lang_code: 'fra',
    name: 'Centre de Kenitra',
    latitude: '34.26',
    longitude: 'x',
    contact_person: 'Amina Staffmember',
    contact_phone: '+212611223344',
    cr_by: 'admin',
    cr_dtimes: '2024-01-01 00:00:00',
    is_deleted: 'f',
  };

  it('are keyed by their composite key, carry no staff contact column, and encode and decode as their kind', async () => {
    const built = buildRecord(centres, 'c', row, streamed);
    assert.equal(built.kind, 'change');
    if (built.kind !== 'change') return;
    assert.equal(built.key, '10001|fra');
    assert.equal(built.record.row.id, '10001|fra');
    assert.deepEqual(built.record.issues, [{ field: 'longitude', issue: 'not-a-number' }]);
    assert.ok(!JSON.stringify(built.record).includes('Amina'));
    const encode = await createEncoder(loadSchemas());
    const [message] = toMessages(built, centres.kind, topics, encode);
    const decoded = await new Decoder({ schemas: [...loadSchemas().values()].map((s) => s.type) }).decode(
      message?.message.value as Buffer,
    );
    assert.equal((decoded.value as ChangeRecord<{ name: string }>).profile?.name, 'Centre de Kenitra');
  });

  it('a delete carries the key only; a row without its language is a dead letter', () => {
    const deleted = buildRecord(centres, 'd', { id: '10001', lang_code: 'fra' }, streamed);
    assert.ok(deleted.kind === 'change' && deleted.record.profile === null && deleted.key === '10001|fra');
    const keyless = buildRecord(centres, 'c', { ...row, lang_code: null }, streamed);
    assert.equal(keyless.kind, 'dead-letter');
  });
});
