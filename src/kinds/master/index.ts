import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { documentType } from './document-type.ts';
import type { DocumentType, Location, RegistrationCentre } from './entities.ts';
import { location } from './location.ts';
import { registrationCentre } from './registration-centre.ts';

/**
 * A master-data table kind: rows of MOSIP's mosip_master database that documents are joined with (centres,
 * locations, document types). Their connectors snapshot and stream them like profile tables, into topics
 * the sink reads into a lookup table; they have no index of their own.
 */
export interface MasterKindDefinition<Entity = unknown> {
  readonly name: string;
  /** The primary key: master tables hold one row per language. */
  readonly keyColumns: readonly [string, ...string[]];
  /**
   * The only columns read (the key first): the publication carries these, the snapshot selects these, and
   * the role may be granted SELECT on these alone, so staff contact columns never leave PostgreSQL.
   */
  readonly columns: readonly string[];
  /** The row as the pipeline keeps it; a column it cannot use is null, its issue in `q`. */
  entity(row: JsonObject, q: QualityLog): Entity;
  readonly avroSchema: JsonObject;
}

/** MOSIP's audit columns, on every master table. */
const audit = ['is_active', 'cr_by', 'cr_dtimes', 'upd_by', 'upd_dtimes', 'is_deleted', 'del_dtimes'];

const schema = (name: string): JsonObject =>
  JSON.parse(readFileSync(join(import.meta.dirname, `${name}.avsc`), 'utf8')) as JsonObject;

export const masterKinds = {
  'registration-centre': {
    name: 'registration-centre',
    keyColumns: ['id', 'lang_code'],
    columns: [
      'id',
      'lang_code',
      'name',
      'cntrtyp_code',
      'location_code',
      'latitude',
      'longitude',
      'zone_code',
      'time_zone',
      ...audit,
    ],
    entity: registrationCentre,
    avroSchema: schema('registration-centre'),
  } satisfies MasterKindDefinition<RegistrationCentre>,
  location: {
    name: 'location',
    keyColumns: ['code', 'lang_code'],
    columns: [
      'code',
      'lang_code',
      'name',
      'hierarchy_level',
      'hierarchy_level_name',
      'parent_loc_code',
      ...audit,
    ],
    entity: location,
    avroSchema: schema('location'),
  } satisfies MasterKindDefinition<Location>,
  'document-type': {
    name: 'document-type',
    keyColumns: ['code', 'lang_code'],
    columns: ['code', 'lang_code', 'name', ...audit],
    entity: documentType,
    avroSchema: schema('document-type'),
  } satisfies MasterKindDefinition<DocumentType>,
} as const;

export type MasterKindName = keyof typeof masterKinds;
export const masterKindNames = Object.keys(masterKinds) as MasterKindName[];

export function isMasterKind(name: string): name is MasterKindName {
  return Object.hasOwn(masterKinds, name);
}

export function masterKindNamed(name: MasterKindName): MasterKindDefinition {
  return masterKinds[name];
}
