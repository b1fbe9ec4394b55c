import type { ProfileKind } from '../../connectors/connector.ts';
import type { Op, RowColumns } from '../../encode/change-record.ts';
import type { AuthMethod } from '../../enrich/auth-factors.ts';
import type { BiometricSummary } from '../../enrich/biometrics.ts';
import type { IdentityField } from '../../enrich/changed-fields.ts';
import type { ChannelClass } from '../../enrich/channel.ts';
import type { DateBuckets } from '../../enrich/date-buckets.ts';
import type { LocationFields } from '../../enrich/location.ts';
import type { RegistrationDevice } from '../../normalise/types.ts';

/**
 * Elasticsearch documents, one shape per profile kind (connectors/mappings/<kind>.json declares each field).
 * Flat-ish for Kibana: codes and labels are keywords (lists are multi-valued keywords, not nested objects),
 * timestamps ISO strings mapped as dates, numbers as numbers, unknown as null.
 */

/** Where the change came from, and which change it was. */
export interface SourceFields {
  connector: string;
  database: string;
  schema: string;
  table: string;
  lsn: string;
  txId: number | null;
  commitTime: string | null;
  op: Op;
}

/** The row's columns under their SQL names. */
export type RowFields = RowColumns;

/** Every document: the event time and its buckets, the source position, the row. */
export interface DocumentBase {
  /** The profile's event time (see src/enrich/event-time.ts): the Kibana time field. */
  '@timestamp': string | null;
  time: DateBuckets | null;
  source: SourceFields;
  row: RowFields;
}

/** Demographics and their enrichment. */
export interface DemographicFields {
  yearOfBirth: number | null;
  age: number | null;
  /** "0-5" ... "60+", or "unknown". */
  ageGroup: string;
  gender: string | null;
  preferredLanguages: string[] | null;
  location: LocationFields;
  biometrics: BiometricSummary | null;
}

/** Registration and issuance: demographics plus how to reach the resident and what was verified. */
export interface IdentityFields extends DemographicFields {
  channel: string[] | null;
  channelClass: ChannelClass | null;
  verified: string[] | null;
  documents: string[] | null;
}

export interface RegistrationDocument extends DocumentBase, IdentityFields {
  date: string | null;
  processName: string | null;
  processStage: string | null;
  status: string | null;
  registrationCenterId: string | null;
  operatorId: string | null;
  supervisorId: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  processingSeconds: number | null;
  device: RegistrationDevice | null;
}

export interface IssuanceDocument extends DocumentBase, IdentityFields {
  date: string | null;
  processName: 'NEW' | 'UPDATE';
  isNew: boolean;
  changedFields: IdentityField[] | null;
}

export interface AuthenticationDocument extends DocumentBase, DemographicFields {
  date: string | null;
  partnerName: string | null;
  authFactors: string[] | null;
  factorCount: number;
  authMethods: AuthMethod[];
  authType: string;
  biometricAuth: boolean;
  success: boolean | null;
  errorCodes: string[] | null;
}

export interface Documents {
  registration: RegistrationDocument;
  issuance: IssuanceDocument;
  authentication: AuthenticationDocument;
}

/** An update of row columns only (see toDocument). */
export type PartialDocument = Pick<DocumentBase, 'source' | 'row'>;

/** What the sink does with one change record. */
export type DocumentAction<K extends ProfileKind = ProfileKind> =
  | { id: string; body: Documents[K] }
  | { id: string; partial: PartialDocument }
  | { id: string; delete: true };
