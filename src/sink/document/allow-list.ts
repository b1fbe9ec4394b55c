import type { ProfileKind } from '../../connectors/connector.ts';
import { type FieldMapping, type IndexMappings, isObjectMapping } from './mapping-types.ts';
import { bundledIndexBodies } from './mappings.ts';

/** Dotted paths of every value field the mapping declares: exactly what may reach Elasticsearch. */
export function allowedFields(mappings: IndexMappings): string[] {
  return leaves(mappings.properties, '');
}

/** The allow-list of a profile kind, from its bundled mapping. */
export function allowList(kind: ProfileKind): string[] {
  return allowedFields(bundledIndexBodies()[kind].mappings);
}

function leaves(properties: Record<string, FieldMapping>, prefix: string): string[] {
  return Object.entries(properties).flatMap(([name, field]) =>
    isObjectMapping(field) ? leaves(field.properties, `${prefix}${name}.`) : [`${prefix}${name}`],
  );
}
