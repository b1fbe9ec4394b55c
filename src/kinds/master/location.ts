import type { JsonObject } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { MasterColumns } from './columns.ts';
import type { Location } from './entities.ts';

/** A location row: one node of the country's hierarchy in one language. */
export function location(row: JsonObject, q: QualityLog): Location {
  const c = new MasterColumns(row, q);
  return {
    code: c.text('code'),
    lang: c.text('lang_code'),
    name: c.text('name'),
    level: c.integer('hierarchy_level', 0, 32),
    levelName: c.text('hierarchy_level_name'),
    parentCode: c.text('parent_loc_code'),
    isActive: c.flag('is_active'),
  };
}
