import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectorSchema } from '../connectors/connector.ts';
import { Decoder } from '../encode/decoder.ts';
import { createEncoder } from '../encode/encoder.ts';
import { dateBuckets } from '../enrich/date-buckets.ts';
import { eventTime } from '../enrich/event-time.ts';
import { field, type JsonObject } from '../normalise/fields.ts';
import { code, integer } from '../normalise/scalars.ts';
import { timestamp } from '../normalise/timestamp.ts';
import { recordAction } from '../sink/record-action.ts';
import { toMessages } from '../source/messages.ts';
import { buildRecord } from '../source/records.ts';
import type { DocumentBase, DocumentEnvelope } from './document.ts';
import { kindNamed, registerKind } from './index.ts';
import type { ProfileKindDefinition } from './kind.ts';
import { loadSchemas } from './schemas.ts';

/**
 * A kind that is not built in, registered the way a deployment would add one: its profile type, normaliser,
 * document builder, Avro schema and mapping, and nothing else anywhere. A row of it goes the whole way
 * from the table's text to a guarded bulk action.
 */
interface FeedbackProfile {
  date: string | null;
  centreId: string | null;
  rating: number | null;
}

interface FeedbackDocument extends DocumentBase {
  centreId: string | null;
  rating: number | null;
}

const nullable = (type: unknown) => ({ type: ['null', type], default: null });
const timestampMillis = { type: 'long', logicalType: 'timestamp-millis' };
// The envelope (op, source, row) is every kind's; only the profile record is this kind's own.
const envelope = (kindNamed('registration').avroSchema.fields as JsonObject[]).filter(
  (f) => f.name !== 'profile',
);

const feedback: ProfileKindDefinition<FeedbackProfile, FeedbackDocument> = {
  name: 'feedback',
  normalise: (p, _row, q) => ({
    date: q.read(() => timestamp(field(p, '', 'date'))),
    centreId: q.read(() => code(field(p, '', 'centreId'))),
    rating: q.read(() => integer(field(p, '', 'rating'), 1, 5)),
  }),
  document: (profile, createdAt, _options, base: DocumentEnvelope) => {
    const at = eventTime(profile.date, createdAt);
    return {
      '@timestamp': at?.instant ?? null,
      time: at && dateBuckets(at),
      centreId: profile.centreId,
      rating: profile.rating,
      quality: base.quality,
      source: base.source,
      row: base.row,
    };
  },
  avroSchema: {
    type: 'record',
    name: 'FeedbackChange',
    namespace: 'io.mosip.profilecdc',
    fields: [
      ...envelope,
      {
        name: 'profile',
        ...nullable({
          type: 'record',
          name: 'FeedbackProfile',
          fields: [
            { name: 'date', ...nullable(timestampMillis) },
            { name: 'centreId', ...nullable('string') },
            { name: 'rating', ...nullable('int') },
          ],
        }),
      },
    ],
  },
  indexBody: {
    settings: { index: { number_of_shards: 1, number_of_replicas: 0 } },
    mappings: {
      dynamic: 'strict',
      properties: {
        ...kindNamed('registration').indexBody.mappings.properties,
        centreId: { type: 'keyword' },
        rating: { type: 'byte' },
      },
    },
  },
};

describe('a kind registered beside the built-in ones', () => {
  let unregister: () => void = () => undefined;
  before(() => {
    unregister = registerKind(feedback);
  });
  after(() => unregister());

  const connector = () =>
    connectorSchema.parse({
      name: 'feedback',
      kind: 'feedback',
      database: 'mosip_feedback',
      schema: 'feedback',
      table: 'anonymous_profile',
      slot: 'profile_cdc_feedback',
      publication: 'profile_cdc_feedback',
      index: 'mosip-feedback',
    });

  it('is a kind connectors may name, and an unknown kind is refused naming the known ones', () => {
    assert.equal(connector().kind, 'feedback');
    const unknown = connectorSchema.safeParse({ ...connector(), kind: 'survey' });
    assert.match(unknown.error?.issues[0]?.message ?? '', /unknown profile kind .*feedback/);
  });

  it('runs a row from the table to a guarded bulk action, through Avro and back', async () => {
    const row = {
      id: 'f-1',
      profile: JSON.stringify({
        date: '2026-05-04T10:00:00',
        centreId: 10011,
        rating: '4',
        phone: '+212600000000',
      }),
      cr_by: 'SYSTEM',
      cr_dtimes: '2026-05-04 10:00:01.5',
      is_deleted: false,
    };
    const built = buildRecord(connector(), 'c', row, {
      lsn: '0/1A2B',
      txId: 7,
      commitTime: 1_777_888_999_000,
    });
    assert.equal(built.kind, 'change', built.kind === 'dead-letter' ? built.deadLetter.reason : '');
    const encode = await createEncoder(loadSchemas());
    const [message] = toMessages(built, 'feedback', { records: 'feedback', deadLetter: 'dead' }, encode);
    const decoder = new Decoder({ schemas: [...loadSchemas().values()].map((s) => s.type) });
    const record = decoder.decodeNow(message?.message.value as Buffer)?.value;
    const action = recordAction(connector(), record as Parameters<typeof recordAction>[1]);
    assert.equal(action.result, 'indexed');
    assert.deepEqual(action.dropped, []);
    assert.deepEqual(action.bulk, {
      index: 'mosip-feedback',
      id: 'feedback:f-1',
      op: 'index',
      version: 0x1a2bn,
      body: {
        '@timestamp': '2026-05-04T10:00:00.000Z',
        time: {
          day: '2026-05-04',
          week: '2026-W19',
          month: '2026-05',
          quarter: '2026-Q2',
          year: 2026,
          weekday: 'Monday',
          weekdayNumber: 1,
          hour: 10,
        },
        centreId: '10011',
        rating: 4,
        quality: { hasIssues: false, count: 0, fields: [], issues: [] },
        source: {
          connector: 'feedback',
          database: 'mosip_feedback',
          schema: 'feedback',
          table: 'anonymous_profile',
          lsn: '0/1A2B',
          txId: 7,
          commitTime: '2026-05-04T10:03:19.000Z',
          op: 'c',
        },
        row: {
          id: 'f-1',
          process_stage: null,
          cr_by: 'SYSTEM',
          cr_dtimes: '2026-05-04T10:00:01.500Z',
          upd_by: null,
          upd_dtimes: null,
          is_deleted: false,
          del_dtimes: null,
        },
      },
    });
  });

  it('a rating out of range costs the rating, not the row', () => {
    const built = buildRecord(
      connector(),
      'c',
      { id: 'f-2', profile: '{"rating": 9}' },
      { lsn: '0/1', txId: 1, commitTime: 0 },
    );
    assert.ok(built.kind === 'change');
    assert.deepEqual(built.record.profile, { date: null, centreId: null, rating: null });
    assert.deepEqual(built.record.issues, [{ field: 'rating', issue: 'out-of-range' }]);
  });
});
