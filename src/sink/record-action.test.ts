import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enrichOptions } from '../enrich/options.ts';
import { sampleRecord } from './document/fixtures/sample-records.ts';
import { latencySeconds, recordAction } from './record-action.ts';

const regprc = () => sampleRecord('regprc');

describe('what the sink does with one record (recordAction)', () => {
  it('a profile: index the guarded document into the connector index, versioned by the WAL position', () => {
    const { connector, record } = regprc();
    const action = recordAction(connector, record);
    assert.equal(action.result, 'indexed');
    assert.deepEqual(action.dropped, []);
    assert.equal(action.bulk.op, 'index');
    assert.equal(action.bulk.index, 'mosip-regprc');
    assert.equal(action.bulk.id, `regprc:${record.row.id}`);
    assert.equal(action.bulk.op === 'index' && action.bulk.version, 0x16b3748n);
    assert.equal(action.bulk.op === 'index' && action.bulk.body.ageGroup, '60+');
  });

  it("a delete: its tombstone indexed at the delete's version, so no replayed older change brings the row back", () => {
    const { connector, record } = regprc();
    const action = recordAction(connector, { ...record, op: 'd', profile: null });
    assert.equal(action.bulk.op, 'index');
    assert.equal(action.bulk.op === 'index' && action.bulk.version, 0x16b3748n);
    assert.equal(action.bulk.op === 'index' && action.bulk.body.deleted, true);
    assert.equal(action.result, 'deleted');
  });

  it('a soft delete deletes, or with softDelete mark indexes the row flagged', () => {
    const { connector, record } = regprc();
    const soft = { ...record, op: 'u' as const, row: { ...record.row, is_deleted: true } };
    assert.equal(recordAction(connector, soft).result, 'deleted');
    const marked = recordAction(connector, soft, { enrich: enrichOptions(), softDelete: 'mark' });
    assert.equal(marked.result, 'indexed');
    assert.equal(
      marked.bulk.op === 'index' && (marked.bulk.body.row as { is_deleted: boolean }).is_deleted,
      true,
    );
  });

  it('an update without its profile: a partial update of source and row, unversioned (no upsert)', () => {
    const { connector, record } = regprc();
    const action = recordAction(connector, { ...record, op: 'u', profile: null });
    assert.equal(action.result, 'updated');
    assert.equal(action.bulk.op, 'update');
    assert.deepEqual(Object.keys(action.bulk.op === 'update' ? action.bulk.body : {}), ['source', 'row']);
    assert.equal('version' in action.bulk, false);
  });

  it('latency runs from the source commit; a snapshot read has none', () => {
    const { connector, record } = regprc();
    const streamed = recordAction(connector, { ...record, op: 'c' });
    assert.equal(streamed.committedAt, Date.parse('2026-03-16T08:12:55.101Z'));
    assert.equal(latencySeconds(streamed, Date.parse('2026-03-16T08:12:57.101Z')), 2);
    const read = recordAction(connector, record);
    assert.equal(read.committedAt, null);
    assert.equal(latencySeconds(read), null);
  });

  it('fields the mapping does not declare are dropped and reported', () => {
    const { connector, record } = regprc();
    const profile = { ...(record.profile as object), device: { id: 'd', phone: '+212600000000' } };
    const action = recordAction(connector, { ...record, profile });
    assert.deepEqual(action.dropped, ['device.phone']);
    assert.equal(
      JSON.stringify(action.bulk.op === 'index' && action.bulk.body).includes('+212600000000'),
      false,
    );
  });
});
