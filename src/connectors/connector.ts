import { z } from 'zod';
import { isKind, kindNames } from '../kinds/index.ts';

/** A registered profile kind (src/kinds/): each has one canonical shape, one Avro schema and one mapping. */
const kind = z.string().superRefine((name, ctx) => {
  if (!isKind(name))
    ctx.addIssue({ code: 'custom', message: `unknown profile kind (known: ${kindNames().join(', ')})` });
});

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier');

/** One source table, declared in connectors/<name>.yaml. */
export const connectorSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    kind,
    database: z.string().min(1),
    schema: identifier,
    table: identifier,
    slot: identifier,
    publication: identifier,
    index: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a lower-case Elasticsearch index name'),
    topic: z.string().min(1).optional(),
  })
  .strict();

export type Connector = z.infer<typeof connectorSchema>;

/** Topic name: explicit in the file, or `<prefix>.<schema>.<table>` as Debezium names them. */
export function topicOf(connector: Connector, prefix: string): string {
  return connector.topic ?? `${prefix}.${connector.schema}.${connector.table}`;
}
