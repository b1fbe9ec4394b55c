import type { ChangeRecord } from '../../encode/change-record.ts';
import {
  type CentreFields,
  hierarchyNames,
  type LocationNode,
  type MasterView,
} from '../../enrich/master.ts';
import type { DocumentType, Location, RegistrationCentre } from '../../kinds/master/entities.ts';
import type { MasterKindName } from '../../kinds/master/index.ts';

/** One master row per key and language. */
class ByLanguage<T extends { lang: string | null }> {
  private readonly rows = new Map<string, Map<string, T>>();

  set(key: string, lang: string, row: T): void {
    const versions = this.rows.get(key);
    if (versions) versions.set(lang, row);
    else this.rows.set(key, new Map([[lang, row]]));
  }

  delete(key: string, lang: string): void {
    const versions = this.rows.get(key);
    versions?.delete(lang);
    if (versions?.size === 0) this.rows.delete(key);
  }

  /** The row in `language`, else the first other language in code order (stable across processes). */
  get(key: string, language: string): T | null {
    const versions = this.rows.get(key);
    if (!versions) return null;
    const wanted = versions.get(language);
    if (wanted) return wanted;
    const [first] = [...versions.keys()].sort();
    return first === undefined ? null : (versions.get(first) ?? null);
  }

  keys(): IterableIterator<string> {
    return this.rows.keys();
  }

  get size(): number {
    return this.rows.size;
  }
}

/** "10001|eng" -> ["10001", "eng"]: the key a master record carries (its key columns joined by '|'). */
function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('|');
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
}

/**
 * The sink's local copy of master data, kept current by the master topics' change records, and the view
 * document builders join with. Centres are joined once per change, not once per record: their joined
 * fields are cached until any master row changes.
 */
export class MasterLookup implements MasterView {
  private readonly centres = new ByLanguage<RegistrationCentre>();
  private readonly locations = new ByLanguage<Location>();
  private readonly documentTypes = new ByLanguage<DocumentType>();
  private readonly joinedCentres = new Map<string, CentreFields | null>();

  constructor(private readonly language: string) {}

  /**
   * Applies one change record of a master table; returns the ids of the centres whose joined fields it
   * may have changed (the centre itself, or the centres below a location), for the documents to follow.
   */
  apply(kind: MasterKindName, record: ChangeRecord<unknown>): string[] {
    const [key, lang] = splitKey(record.row.id);
    const removed = record.op === 'd' || record.profile === null || record.row.is_deleted === true;
    this.joinedCentres.clear();
    if (kind === 'registration-centre') {
      if (removed) this.centres.delete(key, lang);
      else this.centres.set(key, lang, record.profile as RegistrationCentre);
      return [key];
    }
    if (kind === 'location') {
      if (removed) this.locations.delete(key, lang);
      else this.locations.set(key, lang, record.profile as Location);
      return this.centresBelow(key);
    }
    if (removed) this.documentTypes.delete(key, lang);
    else this.documentTypes.set(key, lang, record.profile as DocumentType);
    return [];
  }

  centre(id: string): CentreFields | null {
    const cached = this.joinedCentres.get(id);
    if (cached !== undefined) return cached;
    const row = this.centres.get(id, this.language);
    const joined = row === null ? null : this.join(row);
    this.joinedCentres.set(id, joined);
    return joined;
  }

  location(code: string): LocationNode | null {
    const row = this.locations.get(code, this.language);
    return row === null ? null : { name: row.name, levelName: row.levelName, parentCode: row.parentCode };
  }

  documentTypeName(code: string): string | null {
    return this.documentTypes.get(code, this.language)?.name ?? null;
  }

  /** Rows held per table (keys, all languages counted once). */
  sizes(): Record<MasterKindName, number> {
    return {
      'registration-centre': this.centres.size,
      location: this.locations.size,
      'document-type': this.documentTypes.size,
    };
  }

  private join(row: RegistrationCentre): CentreFields {
    const hierarchy = hierarchyNames(row.locationCode, this);
    return {
      name: row.name,
      geo: row.latitude === null || row.longitude === null ? null : { lat: row.latitude, lon: row.longitude },
      typeCode: row.typeCode,
      locationCode: row.locationCode,
      hierarchy,
      hierarchyPath: hierarchy === null ? null : hierarchy.join(' > '),
    };
  }

  /** Centres whose location chain passes through `code`. */
  private centresBelow(code: string): string[] {
    const found: string[] = [];
    for (const id of this.centres.keys()) {
      let at = this.centres.get(id, this.language)?.locationCode ?? null;
      for (let depth = 0; at !== null && depth < 16; depth++) {
        if (at === code) {
          found.push(id);
          break;
        }
        at = this.locations.get(at, this.language)?.parentCode ?? null;
      }
    }
    return found;
  }
}
