import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The field types our Elasticsearch (the integ-test-zip distribution: no x-pack, no modules) knows.
 * Not there: scaled_float, flattened, wildcard, constant_keyword, match_only_text, ... so not allowed.
 */
export const coreFieldTypes = [
  'keyword',
  'text',
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'date',
  'boolean',
  'ip',
  'geo_point',
] as const;
export type CoreFieldType = (typeof coreFieldTypes)[number];

/** A field holding values (or arrays of them). */
export interface LeafMapping {
  type: CoreFieldType;
  format?: string;
  ignore_above?: number;
  index?: boolean;
  doc_values?: boolean;
}

/** A field holding an object (or an array of them). Sub-objects inherit the root's `dynamic: strict`. */
export interface ObjectMapping {
  type?: 'object' | 'nested';
  properties: Record<string, FieldMapping>;
}

export type FieldMapping = LeafMapping | ObjectMapping;

export interface IndexMappings {
  /** Unknown fields are refused, never guessed. */
  dynamic: 'strict';
  _meta?: Record<string, string | number>;
  properties: Record<string, FieldMapping>;
}

export interface IndexSettings {
  index: { number_of_shards: number; number_of_replicas: number };
}

/** The body of a create-index request: settings and mappings (the index name comes from the connector). */
export interface IndexBody {
  settings: IndexSettings;
  mappings: IndexMappings;
}

export function isObjectMapping(field: FieldMapping): field is ObjectMapping {
  return 'properties' in field;
}

const leafSchema = z
  .object({
    type: z.enum(coreFieldTypes),
    format: z.string().optional(),
    ignore_above: z.number().int().positive().optional(),
    index: z.boolean().optional(),
    doc_values: z.boolean().optional(),
  })
  .strict();

const fieldSchema: z.ZodType<FieldMapping> = z.lazy(() => z.union([leafSchema, objectSchema]));

const objectSchema: z.ZodType<ObjectMapping> = z
  .object({
    type: z.enum(['object', 'nested']).optional(),
    properties: z.record(z.string(), fieldSchema),
  })
  .strict();

const indexBodySchema: z.ZodType<IndexBody> = z
  .object({
    settings: z
      .object({
        index: z
          .object({
            number_of_shards: z.number().int().positive(),
            number_of_replicas: z.number().int().min(0),
          })
          .strict(),
      })
      .strict(),
    mappings: z
      .object({
        dynamic: z.literal('strict'),
        _meta: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
        properties: z.record(z.string(), fieldSchema),
      })
      .strict(),
  })
  .strict();

/**
 * The create-index body (settings + mappings) of a kind's indices, validated: a non-core field type or a
 * dynamic mapping fails here, naming where it came from. It is also the privacy allow-list (see
 * sink/document/guard.ts): one source of truth for what reaches Elasticsearch.
 */
export function indexBody(value: unknown, from: string): IndexBody {
  const parsed = indexBodySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${from}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** A mapping.json file as an index body, checked (see indexBody). */
export function readIndexBody(path: string): IndexBody {
  return indexBody(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Dotted paths of every value field the properties declare: what may reach Elasticsearch. */
export function leafPaths(properties: Record<string, FieldMapping>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, field]) =>
    isObjectMapping(field) ? leafPaths(field.properties, `${prefix}${name}.`) : [`${prefix}${name}`],
  );
}
