import type { Op, RowColumns, SourcePosition } from '../encode/change-record.ts';
import type { BiometricSummary } from '../enrich/biometrics.ts';
import type { ChannelClass } from '../enrich/channel.ts';
import type { DateBuckets } from '../enrich/date-buckets.ts';
import type { LocationFields } from '../enrich/location.ts';
import type { CentreFields } from '../enrich/master.ts';

/**
 * What every kind's Elasticsearch document holds (each kind's mapping.json declares each field).
 * Flat-ish for Kibana: codes and labels are keywords (lists are multi-valued keywords, not nested objects),
 * timestamps ISO strings mapped as dates, numbers as numbers, unknown as null.
 */

/** Where the change came from, and which change it was. */
export interface SourceFields extends SourcePosition {
  op: Op;
}

/** The row's columns under their SQL names. */
export type RowFields = RowColumns;

/** The profile's data-quality issues: "field:issue" codes, the fields, how many (0: a clean profile). */
export interface QualityFields {
  /** Whether the profile had any issue: the share of profiles with issues is a terms split on it. */
  hasIssues: boolean;
  count: number;
  fields: string[];
  issues: string[];
}

/** Every document: the event time and its buckets, its data quality, the source position, the row. */
export interface DocumentBase {
  /** The profile's event time (see enrich/event-time.ts): the Kibana time field. */
  '@timestamp': string | null;
  time: DateBuckets | null;
  quality: QualityFields;
  source: SourceFields;
  row: RowFields;
}

/** Source and row only: what an update of row columns writes. */
export type PartialDocument = Pick<DocumentBase, 'source' | 'row'>;

/** What every whole document ends with, whatever its kind: its quality, source and row. */
export type DocumentEnvelope = Pick<DocumentBase, 'quality' | 'source' | 'row'>;

/**
 * What stays of a deleted row: a document marked deleted, versioned like any other, so that no older change
 * replayed later can bring the row back. The aliases leave these out of every search (see sink/indices.ts).
 */
export interface Tombstone extends PartialDocument {
  deleted: true;
  /** When the row was deleted, as far as the change says; `profile-cdc tombstones purge` ages on it. */
  '@timestamp': string | null;
}

/** Demographics and their enrichment. */
export interface DemographicFields {
  yearOfBirth: number | null;
  age: number | null;
  /** "0-5" ... "60+", or "unknown". */
  ageGroup: string;
  gender: string | null;
  genderRaw: string | null;
  preferredLanguages: string[] | null;
  location: LocationFields;
  /** Names and level names of the location codes master data knows (where a service writes codes). */
  locationNames: { names: string[]; levels: string[] } | null;
  biometrics: BiometricSummary | null;
}

/** Registration and issuance: demographics plus how to reach the resident and what was verified. */
export interface IdentityFields extends DemographicFields {
  channel: string[] | null;
  channelClass: ChannelClass | null;
  verified: string[] | null;
  documents: string[] | null;
  /** The document types' names, from master data. */
  documentNames: string[] | null;
}

/** The registration centre a profile names, joined with master data (null: none named, or not known yet). */
export interface CentreJoin {
  centre: CentreFields | null;
}
