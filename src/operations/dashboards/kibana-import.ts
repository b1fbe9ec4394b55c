/**
 * Kibana's saved objects import API: POST /[s/<space>/]api/saved_objects/_import?overwrite=true with the
 * NDJSON as the multipart form field `file`, and the `kbn-xsrf` header Kibana requires of API calls.
 */

export type KibanaAuth =
  | { kind: 'none' }
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'basic'; username: string; password: string };

export interface KibanaTarget {
  /** Kibana's base URL, with its base path if it has one: https://kibana.example.org/kibana */
  url: string;
  /** A space id; the default space when absent. */
  space?: string;
  auth: KibanaAuth;
}

/** The import URL for a target (space-scoped unless the space is the default one). */
export function importUrl(target: Pick<KibanaTarget, 'url' | 'space'>): string {
  const base = target.url.replace(/\/+$/, '');
  const space = target.space && target.space !== 'default' ? `/s/${encodeURIComponent(target.space)}` : '';
  return `${base}${space}/api/saved_objects/_import?overwrite=true`;
}

export function authHeader(auth: KibanaAuth): Record<string, string> {
  if (auth.kind === 'apiKey') return { authorization: `ApiKey ${auth.apiKey}` };
  if (auth.kind === 'basic') {
    const token = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
    return { authorization: `Basic ${token}` };
  }
  return {};
}

/** One object of Kibana's import response (successResults or errors). */
export interface ImportedObject {
  type: string;
  id: string;
  title?: string;
  meta?: { title?: string };
  overwrite?: boolean;
  error?: {
    type: string;
    message?: string;
    statusCode?: number;
    references?: { type: string; id: string }[];
  };
}

export interface ImportResponse {
  success: boolean;
  successCount: number;
  successResults?: ImportedObject[];
  errors?: ImportedObject[];
}

export class KibanaImportError extends Error {
  override name = 'KibanaImportError';
}

/** Sends the NDJSON; an HTTP error (401, 413...) throws with Kibana's message, object errors are returned. */
export async function importSavedObjects(
  target: KibanaTarget,
  ndjson: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ImportResponse> {
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'profile-cdc.ndjson');
  const url = importUrl(target);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'kbn-xsrf': 'true', ...authHeader(target.auth) },
      body: form,
    });
  } catch (err) {
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
    throw new KibanaImportError(`cannot reach Kibana at ${url}: ${cause}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as { message?: string } | undefined)?.message ?? text.slice(0, 300);
    throw new KibanaImportError(`Kibana answered ${response.status} ${response.statusText}: ${message}`);
  }
  if (typeof body !== 'object' || body === null || typeof (body as ImportResponse).success !== 'boolean') {
    throw new KibanaImportError(`Kibana's answer is not an import result: ${text.slice(0, 300)}`);
  }
  return body as ImportResponse;
}

const titleOf = (o: ImportedObject) => o.meta?.title ?? o.title ?? '';

function describeError(error: NonNullable<ImportedObject['error']>): string {
  if (error.type === 'missing_references') {
    const refs = (error.references ?? []).map((r) => `${r.type}/${r.id}`).join(', ');
    return `missing references: ${refs}`;
  }
  if (error.type === 'unknown') return `${error.message ?? 'unknown error'} (${error.statusCode ?? '?'})`;
  return error.message ? `${error.type}: ${error.message}` : error.type;
}

/** One line per object: "ok" or "error", type, id, title, and what went wrong. */
export function importReport(result: ImportResponse): string[] {
  const ok = (result.successResults ?? []).map((o) =>
    `ok     ${o.type.padEnd(13)} ${o.id}  ${titleOf(o)}`.trimEnd(),
  );
  const failed = (result.errors ?? []).map((o) =>
    `error  ${o.type.padEnd(13)} ${o.id}  ${titleOf(o)}  ${o.error ? describeError(o.error) : ''}`.trimEnd(),
  );
  return [...ok, ...failed];
}

/** Whether every object was imported. */
export const importSucceeded = (result: ImportResponse) =>
  result.success && (result.errors ?? []).length === 0;
