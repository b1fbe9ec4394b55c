import { pgClient } from '../../util/pg-client.ts';
import { centres, regions } from './places.ts';
import { Prng } from './prng.ts';

/**
 * The master data of the generated country (mosip_master): its location hierarchy (country, regions,
 * cities), the registration centres the generated profiles name (coordinates in their city, a few left
 * empty or malformed as real rows are), and the document types they list; in English and French, as a
 * MOSIP deployment holds every row once per language. Fixed: the same whatever seed the profiles use.
 */

export type MasterRow = Record<string, string | number | boolean | null>;
export type MasterRows = { location: MasterRow[]; registration_center: MasterRow[]; doc_type: MasterRow[] };

export const masterLanguages = ['eng', 'fra'] as const;
export const countryCode = 'MOR';
const createdAt = '2024-01-01 00:00:00';
const audit = { is_active: true, cr_by: 'superadmin', cr_dtimes: createdAt, is_deleted: false };

const code = (prefix: string, n: number) => `${prefix}${String(n).padStart(3, '0')}`;

/** Region and city names -> their location codes. */
export const regionCodes = new Map(regions.map((r, i) => [r.name, code('RG', i + 1)]));
export const cityCodes = new Map(
  regions
    .flatMap((r) => r.cities.map((c) => `${r.name}/${c.name}`))
    .map((key, i) => [key, code('CT', i + 1)]),
);

/** The document type codes the generators write, and their names. */
export const documentTypes: Record<string, { eng: string; fra: string }> = {
  POA: { eng: 'Proof of Address', fra: "Justificatif d'adresse" },
  POI: { eng: 'Proof of Identity', fra: "Justificatif d'identite" },
  POR: { eng: 'Proof of Relationship', fra: 'Justificatif de lien de parente' },
  POB: { eng: 'Proof of Birth', fra: 'Acte de naissance' },
  CIN: { eng: 'National Identity Card', fra: "Carte nationale d'identite" },
  PSP: { eng: 'Passport', fra: 'Passeport' },
  ACN: { eng: 'Birth Certificate', fra: 'Extrait d acte de naissance' },
  RNC: { eng: 'Residence Certificate', fra: 'Certificat de residence' },
  FAC: { eng: 'Utility Bill', fra: 'Facture' },
};

/** Every 40th centre has no usable coordinates ("" or text), as forms left blank write them. */
function coordinates(rng: Prng, index: number, lat: number, lon: number): [string, string] {
  if (index % 80 === 7) return ['', ''];
  if (index % 80 === 47) return ['N/A', 'N/A'];
  const jitter = () => (rng.float() - 0.5) * 0.08;
  return [(lat + jitter()).toFixed(6), (lon + jitter()).toFixed(6)];
}

export function masterRows(): MasterRows {
  const location: MasterRow[] = [];
  const node = (c: string, name: string, level: number, levelName: string, parent: string | null) => {
    for (const lang of masterLanguages)
      location.push({
        code: c,
        name,
        hierarchy_level: level,
        hierarchy_level_name:
          lang === 'eng'
            ? levelName
            : ({ Country: 'Pays', Region: 'Region', City: 'Ville' }[levelName] ?? levelName),
        parent_loc_code: parent,
        lang_code: lang,
        ...audit,
      });
  };
  node(countryCode, 'Morocco', 0, 'Country', null);
  for (const region of regions) {
    const regionCode = regionCodes.get(region.name) as string;
    node(regionCode, region.name, 1, 'Region', countryCode);
    for (const city of region.cities)
      node(cityCodes.get(`${region.name}/${city.name}`) as string, city.name, 2, 'City', regionCode);
  }
  const rng = new Prng('mosip-master-centres');
  const registration_center: MasterRow[] = [];
  centres.forEach((centre, i) => {
    const [latitude, longitude] = coordinates(rng, i, centre.city.lat, centre.city.lon);
    const number = Number(centre.id) - 10_000;
    for (const lang of masterLanguages)
      registration_center.push({
        id: centre.id,
        name:
          lang === 'eng' ? `${centre.city.name} Centre ${number}` : `Centre ${centre.city.name} ${number}`,
        cntrtyp_code: 'REG',
        addr_line1: `${number} Avenue Mohammed V`,
        latitude,
        longitude,
        location_code: cityCodes.get(`${centre.region}/${centre.city.name}`) as string,
        // Staff contact details: personal data the pipeline must never index.
        contact_phone: `+2126${String(10_000_000 + number * 7919).slice(0, 8)}`,
        contact_person: `Officer ${number}`,
        number_of_kiosks: 2 + (number % 5),
        working_hours: '8:00-17:00',
        time_zone: 'Africa/Casablanca',
        zone_code: regionCodes.get(centre.region) as string,
        lang_code: lang,
        ...audit,
      });
  });
  const doc_type: MasterRow[] = Object.entries(documentTypes).flatMap(([c, names]) =>
    masterLanguages.map((lang) => ({
      code: c,
      name: names[lang],
      descr: names[lang],
      lang_code: lang,
      ...audit,
    })),
  );
  return { location, registration_center, doc_type };
}

/** Writes the master rows into mosip_master (tables from fixture/schema.sql); rows already there are kept. */
export async function writeMasterData(url: string, rows: MasterRows = masterRows()): Promise<number> {
  const db = pgClient({ connectionString: url });
  await db.connect();
  let written = 0;
  try {
    for (const [table, list] of Object.entries(rows) as [keyof MasterRows, MasterRow[]][]) {
      const [first] = list;
      if (!first) continue;
      const columns = Object.keys(first);
      for (let at = 0; at < list.length; at += 200) {
        const batch = list.slice(at, at + 200);
        const values = batch.flatMap((row) => columns.map((c) => row[c] ?? null));
        const tuples = batch.map(
          (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
        );
        const result = await db.query(
          `INSERT INTO master.${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
          values,
        );
        written += result.rowCount ?? 0;
      }
    }
  } finally {
    await db.end();
  }
  return written;
}
