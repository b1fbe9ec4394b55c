import { ConfigError } from '../config/errors.ts';
import type { ChangeRecord } from '../encode/change-record.ts';
import { authentication } from './authentication/index.ts';
import { issuance } from './issuance/index.ts';
import type { ProfileKindDefinition } from './kind.ts';
import type { IndexBody } from './mapping.ts';
import { registration } from './registration/index.ts';

/**
 * The registry of profile kinds: the one place the rest of the pipeline looks a kind up (connectors name
 * theirs in `kind:`). A new kind is a folder beside these and one line here.
 */
const builtIn = { registration, issuance, authentication } as const;

export type BuiltInKind = keyof typeof builtIn;
export const builtInKinds = Object.keys(builtIn) as BuiltInKind[];

/** The canonical profile of a kind; `unknown` for a kind registered at run time. */
export type ProfileOf<K extends string> = K extends BuiltInKind
  ? (typeof builtIn)[K] extends ProfileKindDefinition<infer P, object>
    ? P
    : never
  : unknown;

/** The Elasticsearch document of a kind; a plain object for a kind registered at run time. */
export type DocumentOf<K extends string> = K extends BuiltInKind
  ? (typeof builtIn)[K] extends ProfileKindDefinition<unknown, infer D>
    ? D
    : never
  : Record<string, unknown>;

export type CanonicalProfiles = { [K in BuiltInKind]: ProfileOf<K> };
export type ChangeRecords = { [K in BuiltInKind]: ChangeRecord<ProfileOf<K>> };

const registered = new Map<string, ProfileKindDefinition>(Object.entries(builtIn));

export function isKind(name: string): boolean {
  return registered.has(name);
}

export function kindNames(): string[] {
  return [...registered.keys()];
}

export function allKinds(): ProfileKindDefinition[] {
  return [...registered.values()];
}

/** The kind called `name`; an unknown name fails listing the kinds there are. */
export function kindNamed(name: string): ProfileKindDefinition {
  const kind = registered.get(name);
  if (!kind) throw new ConfigError(`unknown profile kind '${name}' (known: ${kindNames().join(', ')})`);
  return kind;
}

/**
 * Adds a kind (a deployment's own, or a test's) to the registry; returns what removes it again.
 * Registering it here is all the pipeline needs: its connectors, schema, mapping and documents follow.
 */
export function registerKind<P, D extends object>(kind: ProfileKindDefinition<P, D>): () => void {
  if (registered.has(kind.name)) throw new ConfigError(`profile kind '${kind.name}' is registered twice`);
  registered.set(kind.name, kind as ProfileKindDefinition);
  return () => {
    registered.delete(kind.name);
  };
}

export type IndexBodies = Readonly<Record<BuiltInKind, IndexBody>>;

/** The index body (settings + mappings) of each built-in kind: what dashboards and reports are built on. */
export function builtInIndexBodies(): IndexBodies {
  return {
    registration: registration.indexBody,
    issuance: issuance.indexBody,
    authentication: authentication.indexBody,
  };
}
