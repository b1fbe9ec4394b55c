import { randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import type { Connector } from '../../src/connectors/connector.ts';
import type { DeadLetter } from '../../src/encode/change-record.ts';
import { Decoder } from '../../src/encode/decoder.ts';
import { loadSchemas } from '../../src/kinds/schemas.ts';
import { waitFor } from '../../src/util/wait.ts';
import { personalMarker } from './malformed.ts';

/** A table's rows as the database has them at the end: the ones that must be visible, and the deleted ones. */
export type TableTruth = { live: Map<string, string | null>; deleted: Set<string> };

export async function tableTruth(
  url: string,
  c: Connector,
  hardDeleted: readonly string[],
): Promise<TableTruth> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; upd_by: string | null; is_deleted: boolean | null }>(
      `SELECT id, upd_by, is_deleted FROM ${c.schema}.${c.table}`,
    );
    const live = new Map<string, string | null>();
    const deleted = new Set(hardDeleted);
    for (const r of rows) {
      if (r.is_deleted === true) deleted.add(r.id);
      else live.set(r.id, r.upd_by);
    }
    return { live, deleted };
  } finally {
    await client.end();
  }
}

/** Every document the alias shows: row id -> its row.upd_by; and whether any carries personal data. */
export async function visibleDocuments(
  es: Client,
  alias: string,
): Promise<{ docs: Map<string, string | null>; personal: number }> {
  const docs = new Map<string, string | null>();
  let personal = 0;
  await es.indices.refresh({ index: alias });
  const pages = es.helpers.scrollSearch<{ row: { id: string; upd_by: string | null } }>({
    index: alias,
    size: 2000,
    scroll: '1m',
  });
  for await (const page of pages) {
    for (const hit of page.body.hits.hits) {
      const source = hit._source;
      if (!source) continue;
      if (docs.has(source.row.id)) docs.set(`duplicate:${source.row.id}`, null);
      docs.set(source.row.id, source.row.upd_by);
      if (personalMarker.test(JSON.stringify(source))) personal += 1;
    }
  }
  return { docs, personal };
}

/** Every letter in the dead-letter topic, read from its start to its current end. */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
  await admin.disconnect();
  const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
  const letters: DeadLetter[] = [];
  if (remaining.size === 0) return letters;
  const decoder = new Decoder({ schemas: [...loadSchemas().values()].map((s) => s.type) });
  const groupId = `chaos-letters-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (message.value) letters.push(decoder.decodeNow(message.value)?.value as DeadLetter);
        if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
      },
    });
    await waitFor(() => remaining.size === 0, { timeoutMs: 60_000, what: `the end of ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return letters;
}

export type Verdict = {
  rows: number;
  documents: number;
  /** Rows to see that are neither visible nor dead-lettered. */
  lost: string[];
  /** Visible documents of rows that do not exist (or twice). */
  extra: string[];
  /** Visible documents of deleted rows. */
  resurrected: string[];
  /** Visible documents older than their row's last update. */
  stale: string[];
  deadLettered: number;
};

/** Compares what the indices show with what the table holds; a dead-lettered row counts as accounted for. */
export function compare(
  truth: TableTruth,
  docs: ReadonlyMap<string, string | null>,
  letters: ReadonlySet<string>,
): Verdict {
  const verdict: Verdict = {
    rows: truth.live.size,
    documents: 0,
    lost: [],
    extra: [],
    resurrected: [],
    stale: [],
    deadLettered: 0,
  };
  for (const [id, updBy] of truth.live) {
    if (docs.has(id)) {
      if (docs.get(id) !== updBy) verdict.stale.push(id);
    } else if (letters.has(id)) verdict.deadLettered += 1;
    else verdict.lost.push(id);
  }
  for (const id of docs.keys()) {
    if (id.startsWith('duplicate:')) verdict.extra.push(id);
    else if (truth.deleted.has(id)) verdict.resurrected.push(id);
    else if (!truth.live.has(id)) verdict.extra.push(id);
    else verdict.documents += 1;
  }
  return verdict;
}

/** How many of `ids` the alias shows right now. */
export async function visibleCount(es: Client, alias: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const found = await es.count({ index: alias, query: { terms: { 'row.id': [...ids] } } });
  return found.count;
}
