/**
 * One Elasticsearch write: index a whole document, update some fields of an existing one, or delete.
 * `version` (the change's WAL position) makes writes of one document order-proof: Elasticsearch keeps
 * the highest, so a retried or concurrent older write can never overwrite a newer one.
 */
export type BulkAction =
  | { index: string; id: string; op: 'index'; body: Record<string, unknown>; version?: bigint }
  | { index: string; id: string; op: 'update'; body: Record<string, unknown> }
  | { index: string; id: string; op: 'delete'; version?: bigint };

/** What became of an action: in Elasticsearch, or refused for good (it then goes to the dead-letter topic). */
export type BulkOutcome = { ok: true } | { ok: false; status: number; reason: string };

/** The two NDJSON lines of an action, and their size in bytes (for batch bounds). */
export function serialise(action: BulkAction): { lines: string; bytes: number } {
  // What JSON.stringify makes of { [op]: { _index, _id, version?, version_type? } }, without building it.
  const version =
    action.op !== 'update' && action.version !== undefined
      ? `,"version":${Number(action.version)},"version_type":"external_gte"`
      : '';
  const meta = `{"${action.op}":{"_index":${JSON.stringify(action.index)},"_id":${JSON.stringify(action.id)}${version}}}`;
  let lines: string;
  if (action.op === 'delete') lines = `${meta}\n`;
  // An update without upsert: a row never indexed does not get a document without its profile.
  else if (action.op === 'update') lines = `${meta}\n${JSON.stringify({ doc: action.body })}\n`;
  else lines = `${meta}\n${JSON.stringify(action.body)}\n`;
  return { lines, bytes: Buffer.byteLength(lines) };
}

export type ItemResult = { status: number; error?: { type?: string; reason?: string | null } | undefined };

/** Elasticsearch answers these when busy or briefly unavailable: the item is sent again later. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Some refusals are the desired end state: deleting what is gone, updating what was never indexed.
 * Only the action's op counts (the indexer keeps no more while a request is in flight).
 */
export function outcomeOf<A extends Pick<BulkAction, 'op'>>(
  action: A,
  item: ItemResult,
): BulkOutcome | 'retry' {
  if (item.status >= 200 && item.status < 300) return { ok: true };
  if (item.status === 404 && (action.op === 'delete' || action.op === 'update')) return { ok: true };
  // A newer write of the same document is already there (external versioning): this one is superseded.
  if (item.status === 409 && action.op !== 'update') return { ok: true };
  if (retryable(item.status)) return 'retry';
  const reason = item.error
    ? `${item.error.type ?? 'error'}: ${item.error.reason ?? ''}`.trim()
    : `status ${item.status}`;
  return { ok: false, status: item.status, reason };
}
