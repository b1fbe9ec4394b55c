/** The master-data rows the pipeline keeps, one language version each (master tables key on lang_code). */

export interface RegistrationCentre {
  id: string | null;
  lang: string | null;
  name: string | null;
  typeCode: string | null;
  /** A `location.code`: where the centre sits in the country's hierarchy. */
  locationCode: string | null;
  /** Both null unless the row holds a usable coordinate pair. */
  latitude: number | null;
  longitude: number | null;
  zoneCode: string | null;
  timeZone: string | null;
  isActive: boolean | null;
}

export interface Location {
  code: string | null;
  lang: string | null;
  name: string | null;
  /** 0 = country. */
  level: number | null;
  /** What the country calls this level: Region, Province, City, Postal Code... */
  levelName: string | null;
  parentCode: string | null;
  isActive: boolean | null;
}

export interface DocumentType {
  code: string | null;
  lang: string | null;
  name: string | null;
  isActive: boolean | null;
}
