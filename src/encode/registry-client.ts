import type { SchemaRegistry } from './registry.ts';

const contentType = 'application/vnd.schemaregistry.v1+json';

export interface RegistryClientOptions {
  /** Base URL, e.g. http://localhost:8081. */
  url: string;
  /** Extra headers (e.g. Authorization); never logged. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** For tests; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A failed registry call: HTTP status and the registry's error_code when it sent one. */
export class SchemaRegistryError extends Error {
  override name = 'SchemaRegistryError';

  constructor(
    message: string,
    readonly status: number,
    readonly errorCode?: number,
  ) {
    super(message);
  }
}

/**
 * Client for the Confluent schema registry REST API (Karapace speaks it too). Ids and schemas are
 * immutable once registered, so both are cached for the life of the client.
 */
export class RegistryClient implements SchemaRegistry {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #ids = new Map<string, Promise<number>>();
  readonly #schemas = new Map<number, Promise<string>>();

  constructor(options: RegistryClientOptions) {
    this.#url = options.url.replace(/\/+$/, '');
    this.#headers = { Accept: contentType, ...options.headers };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? fetch;
  }

  register(subject: string, schemaJson: string): Promise<number> {
    const key = `${subject}\u0000${schemaJson}`;
    return cached(this.#ids, key, async () => {
      const path = `/subjects/${encodeURIComponent(subject)}/versions`;
      const body = await this.#call('POST', path, JSON.stringify({ schema: schemaJson }));
      const id = isRecord(body) ? body.id : undefined;
      if (typeof id !== 'number') throw new SchemaRegistryError(`POST ${path}: no id in the answer`, 200);
      this.#schemas.set(id, Promise.resolve(schemaJson));
      return id;
    });
  }

  getById(id: number): Promise<string> {
    return cached(this.#schemas, id, async () => {
      const path = `/schemas/ids/${id}`;
      const body = await this.#call('GET', path);
      const schema = isRecord(body) ? body.schema : undefined;
      if (typeof schema !== 'string')
        throw new SchemaRegistryError(`GET ${path}: no schema in the answer`, 200);
      return schema;
    });
  }

  async #call(method: 'GET' | 'POST', path: string, body?: string): Promise<unknown> {
    const headers = body === undefined ? this.#headers : { ...this.#headers, 'Content-Type': contentType };
    const response = await this.#fetch(`${this.#url}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message =
        isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : text.slice(0, 200);
      const code = isRecord(parsed) && typeof parsed.error_code === 'number' ? parsed.error_code : undefined;
      throw new SchemaRegistryError(
        `${method} ${path}: ${response.status} ${message}`,
        response.status,
        code,
      );
    }
    return parsed;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The cached promise for `key`, or a new one from `load`; a failure is forgotten so it is retried. */
function cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let promise = cache.get(key);
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}
