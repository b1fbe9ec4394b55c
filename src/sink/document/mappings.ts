import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ProfileKind, profileKinds } from '../../connectors/connector.ts';
import { type IndexBody, indexBodySchema } from './mapping-types.ts';

export const defaultMappingsDir = resolve(import.meta.dirname, '../../../connectors/mappings');

/**
 * connectors/mappings/<kind>.json: the create-index body (settings + mappings) of every index of that
 * kind. It is also the privacy allow-list (see guard.ts): one source of truth for what reaches
 * Elasticsearch. Validated: a non-core field type or a dynamic mapping fails here, naming the file.
 */
export function loadIndexBody(kind: ProfileKind, dir: string = defaultMappingsDir): IndexBody {
  const path = join(dir, `${kind}.json`);
  const parsed = indexBodySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

export type IndexBodies = Readonly<Record<ProfileKind, IndexBody>>;

export function loadIndexBodies(dir: string = defaultMappingsDir): IndexBodies {
  return Object.fromEntries(profileKinds.map((kind) => [kind, loadIndexBody(kind, dir)])) as Record<
    ProfileKind,
    IndexBody
  >;
}

let cached: IndexBodies | undefined;

/** The bundled mappings, read once. */
export function bundledIndexBodies(): IndexBodies {
  cached ??= loadIndexBodies();
  return cached;
}
