import type { Client } from '@elastic/elasticsearch';
import pg from 'pg';
import type { Connector } from '../../src/connectors/connector.ts';
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
