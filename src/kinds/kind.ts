import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnrichOptions } from '../enrich/options.ts';
import type { JsonObject } from '../normalise/fields.ts';
import type { QualityLog } from '../normalise/quality.ts';
import type { RowContext } from '../normalise/types.ts';
import type { DocumentEnvelope } from './document.ts';
import { type IndexBody, readIndexBody } from './mapping.ts';

/**
 * Everything the pipeline knows of one profile kind: how a profile of it is read (normalise), what is
 * indexed for it (document), the Avro schema its records travel with and the index mapping that is also
 * its privacy allow-list. Each kind is one folder under src/kinds/; kinds/index.ts registers them.
 */
export interface ProfileKindDefinition<Profile = unknown, Document extends object = object> {
  /** What connectors/*.yaml write as `kind`; also the Avro schema's file and record name. */
  readonly name: string;
  /** A profile of this kind from its parsed JSON; a field it cannot use is null, and its issue in `q`. */
  normalise(profile: JsonObject, row: RowContext, q: QualityLog): Profile;
  /** The whole Elasticsearch document of a profile: its fields, their enrichment, then `base` (quality, source, row). */
  document(
    profile: Profile,
    createdAt: string | null,
    options: EnrichOptions,
    base: DocumentEnvelope,
  ): Document;
  /** The Avro schema of the kind's change records (the parsed .avsc). */
  readonly avroSchema: JsonObject;
  /** Settings and mappings of the kind's indices. */
  readonly indexBody: IndexBody;
}

/** A kind's Avro schema (`<dir>/<name>.avsc`) and index body (`<dir>/mapping.json`), read and checked. */
export function kindFiles(
  dir: string,
  name: string,
): Pick<ProfileKindDefinition, 'avroSchema' | 'indexBody'> {
  return {
    avroSchema: JSON.parse(readFileSync(join(dir, `${name}.avsc`), 'utf8')) as JsonObject,
    indexBody: readIndexBody(join(dir, 'mapping.json')),
  };
}
