export { AvroValueError, toAvroValue } from './avro-value.ts';
export type {
  ChangeRecord,
  ChangeRecords,
  DeadLetter,
  Op,
  RowColumns,
  SourcePosition,
} from './change-record.ts';
export { encodeConfluent, isConfluent, readConfluent } from './confluent.ts';
export { decodeDatum, encodeDatum } from './datum.ts';
export { type DecodedMessage, Decoder, type DecoderOptions } from './decoder.ts';
export { canonicalForm, schemaFingerprint } from './fingerprint.ts';
export { defaultSchemasDir, type LoadedSchema, loadSchemas, schemaNamed } from './load-schemas.ts';
export { parseSchema } from './parse-schema.ts';
export { rabinFingerprint64 } from './rabin.ts';
export type { SchemaRegistry } from './registry.ts';
export { RegistryClient, type RegistryClientOptions, SchemaRegistryError } from './registry-client.ts';
export { encodeSingleObject, isSingleObject, readSingleObject } from './single-object.ts';
