import { z } from 'zod';
import { isKind, kindNames } from '../kinds/index.ts';
import { isMasterKind, type MasterKindName, masterKindNames } from '../kinds/master/index.ts';

/** A registered profile kind (src/kinds/): each has one canonical shape, one Avro schema and one mapping. */
const kind = z.string().superRefine((name, ctx) => {
  if (!isKind(name))
    ctx.addIssue({ code: 'custom', message: `unknown profile kind (known: ${kindNames().join(', ')})` });
});

const masterKind = z.custom<MasterKindName>((name) => typeof name === 'string' && isMasterKind(name), {
  message: `unknown master-data kind (known: ${masterKindNames.join(', ')})`,
});

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier');

/** What every connector names: its table, and the slot, publication and topic it is read through. */
const table = {
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  database: z.string().min(1),
  schema: identifier,
  table: identifier,
  slot: identifier,
  publication: identifier,
  topic: z.string().min(1).optional(),
};

/** One anonymous_profile table, declared in connectors/<name>.yaml, indexed into `index`. */
export const connectorSchema = z
  .object({
    ...table,
    kind,
    index: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a lower-case Elasticsearch index name'),
  })
  .strict();

/** One master-data table (connectors/master-*.yaml): read into the sink's lookup table, not indexed. */
export const masterConnectorSchema = z.object({ ...table, kind: masterKind }).strict();

export type Connector = z.infer<typeof connectorSchema>;
export type MasterConnector = z.infer<typeof masterConnectorSchema>;
/** What the source needs of a connector, a profile table's or a master table's alike. */
export type TableConnector = Omit<Connector, 'index'>;

/** Topic name: explicit in the file, or `<prefix>.<schema>.<table>` as Debezium names them. */
export function topicOf(
  connector: Pick<TableConnector, 'topic' | 'schema' | 'table'>,
  prefix: string,
): string {
  return connector.topic ?? `${prefix}.${connector.schema}.${connector.table}`;
}
