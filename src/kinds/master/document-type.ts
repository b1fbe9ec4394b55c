import type { JsonObject } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { MasterColumns } from './columns.ts';
import type { DocumentType } from './entities.ts';

/** A doc_type row: the name of a document type code profiles list in `documents`. */
export function documentType(row: JsonObject, q: QualityLog): DocumentType {
  const c = new MasterColumns(row, q);
  return {
    code: c.text('code'),
    lang: c.text('lang_code'),
    name: c.text('name'),
    isActive: c.flag('is_active'),
  };
}
