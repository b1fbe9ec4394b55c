import { Prng, Weighted } from './prng.ts';

/** A city (second location level) with a relative population, its first postal code and where it is. */
export type City = { name: string; weight: number; postalBase: number; lat: number; lon: number };
export type Region = { name: string; weight: number; cities: City[] };

/** Morocco's twelve regions and main cities, as in the samples; weights follow population roughly. */
export const regions: readonly Region[] = [
  {
    name: 'Casablanca Settat',
    weight: 20,
    cities: [
      { name: 'Casablanca', weight: 10, postalBase: 20000, lat: 33.57, lon: -7.59 },
      { name: 'Mohammedia', weight: 1.5, postalBase: 28800, lat: 33.69, lon: -7.38 },
      { name: 'El Jadida', weight: 1.5, postalBase: 24000, lat: 33.23, lon: -8.5 },
      { name: 'Settat', weight: 1, postalBase: 26000, lat: 33.0, lon: -7.62 },
      { name: 'Berrechid', weight: 1, postalBase: 26100, lat: 33.27, lon: -7.58 },
    ],
  },
  {
    name: 'Rabat Sale Kenitra',
    weight: 13.5,
    cities: [
      { name: 'Rabat', weight: 4, postalBase: 10000, lat: 34.02, lon: -6.84 },
      { name: 'Sale', weight: 3.5, postalBase: 11000, lat: 34.05, lon: -6.8 },
      { name: 'Kenitra', weight: 3, postalBase: 14000, lat: 34.26, lon: -6.58 },
      { name: 'Temara', weight: 2, postalBase: 12000, lat: 33.93, lon: -6.91 },
      { name: 'Khemisset', weight: 1, postalBase: 15000, lat: 33.82, lon: -6.07 },
    ],
  },
  {
    name: 'Marrakech Safi',
    weight: 13.4,
    cities: [
      { name: 'Marrakech', weight: 6, postalBase: 40000, lat: 31.63, lon: -8.01 },
      { name: 'Safi', weight: 2, postalBase: 46000, lat: 32.3, lon: -9.24 },
      { name: 'Essaouira', weight: 1, postalBase: 44000, lat: 31.51, lon: -9.77 },
      { name: 'El Kelaa des Sraghna', weight: 1, postalBase: 43000, lat: 32.05, lon: -7.41 },
    ],
  },
  {
    name: 'Fes Meknes',
    weight: 12.5,
    cities: [
      { name: 'Fes', weight: 5, postalBase: 30000, lat: 34.03, lon: -5.0 },
      { name: 'Meknes', weight: 3.5, postalBase: 50000, lat: 33.9, lon: -5.55 },
      { name: 'Taza', weight: 1.5, postalBase: 35000, lat: 34.21, lon: -4.01 },
      { name: 'Sefrou', weight: 1, postalBase: 31000, lat: 33.83, lon: -4.84 },
      { name: 'Ifrane', weight: 0.5, postalBase: 53000, lat: 33.53, lon: -5.11 },
    ],
  },
  {
    name: 'Tanger Tetouan Al Hoceima',
    weight: 10.5,
    cities: [
      { name: 'Tanger', weight: 5, postalBase: 90000, lat: 35.76, lon: -5.83 },
      { name: 'Tetouan', weight: 2.5, postalBase: 93000, lat: 35.57, lon: -5.37 },
      { name: 'Larache', weight: 1, postalBase: 92000, lat: 35.19, lon: -6.16 },
      { name: 'Al Hoceima', weight: 1, postalBase: 32000, lat: 35.25, lon: -3.94 },
      { name: 'Chefchaouen', weight: 0.5, postalBase: 91000, lat: 35.17, lon: -5.27 },
    ],
  },
  {
    name: 'Souss Massa',
    weight: 8,
    cities: [
      { name: 'Agadir', weight: 4, postalBase: 80000, lat: 30.43, lon: -9.6 },
      { name: 'Inezgane', weight: 2, postalBase: 86350, lat: 30.36, lon: -9.54 },
      { name: 'Taroudant', weight: 1.5, postalBase: 83000, lat: 30.47, lon: -8.88 },
      { name: 'Tiznit', weight: 1, postalBase: 85000, lat: 29.7, lon: -9.73 },
    ],
  },
  {
    name: 'Beni Mellal Khenifra',
    weight: 7.4,
    cities: [
      { name: 'Beni Mellal', weight: 3, postalBase: 23000, lat: 32.34, lon: -6.35 },
      { name: 'Khouribga', weight: 2, postalBase: 25000, lat: 32.88, lon: -6.91 },
      { name: 'Khenifra', weight: 1.5, postalBase: 54000, lat: 32.94, lon: -5.67 },
      { name: 'Azilal', weight: 1, postalBase: 22000, lat: 31.96, lon: -6.57 },
    ],
  },
  {
    name: 'Oriental',
    weight: 6.8,
    cities: [
      { name: 'Oujda', weight: 3.5, postalBase: 60000, lat: 34.68, lon: -1.91 },
      { name: 'Nador', weight: 2, postalBase: 62000, lat: 35.17, lon: -2.93 },
      { name: 'Berkane', weight: 1, postalBase: 63300, lat: 34.92, lon: -2.32 },
      { name: 'Taourirt', weight: 0.7, postalBase: 65800, lat: 34.41, lon: -2.9 },
    ],
  },
  {
    name: 'Draa Tafilalet',
    weight: 4.8,
    cities: [
      { name: 'Errachidia', weight: 1.5, postalBase: 52000, lat: 31.93, lon: -4.42 },
      { name: 'Ouarzazate', weight: 1.5, postalBase: 45000, lat: 30.92, lon: -6.89 },
      { name: 'Tinghir', weight: 1, postalBase: 45800, lat: 31.51, lon: -5.53 },
      { name: 'Zagora', weight: 0.8, postalBase: 47900, lat: 30.33, lon: -5.84 },
      { name: 'Midelt', weight: 0.8, postalBase: 54350, lat: 32.68, lon: -4.73 },
    ],
  },
  {
    name: 'Guelmim Oued Noun',
    weight: 1.2,
    cities: [
      { name: 'Guelmim', weight: 2, postalBase: 81000, lat: 28.99, lon: -10.06 },
      { name: 'Tan-Tan', weight: 1, postalBase: 82000, lat: 28.44, lon: -11.1 },
      { name: 'Sidi Ifni', weight: 0.7, postalBase: 85200, lat: 29.38, lon: -10.17 },
    ],
  },
  {
    name: 'Laayoune Sakia El Hamra',
    weight: 1.1,
    cities: [
      { name: 'Laayoune', weight: 4, postalBase: 70000, lat: 27.13, lon: -13.16 },
      { name: 'Boujdour', weight: 1, postalBase: 71000, lat: 26.13, lon: -14.48 },
      { name: 'Tarfaya', weight: 0.5, postalBase: 70050, lat: 27.94, lon: -12.92 },
    ],
  },
  {
    name: 'Dakhla Oued Ed Dahab',
    weight: 0.4,
    cities: [
      { name: 'Dakhla', weight: 4, postalBase: 73000, lat: 23.68, lon: -15.96 },
      { name: 'Aousserd', weight: 0.5, postalBase: 73050, lat: 22.55, lon: -14.33 },
    ],
  },
];

/** A place of residence: region, city and postal zone. */
export type Place = { region: string; city: string; zone: string };

type CityRef = { region: Region; city: City };

const cities = new Weighted<CityRef>(
  regions.flatMap((region) => {
    const cityTotal = region.cities.reduce((sum, c) => sum + c.weight, 0);
    return region.cities.map(
      (city) => [{ region, city }, (region.weight * city.weight) / cityTotal] as const,
    );
  }),
);

function zoneOf(rng: Prng, city: City): string {
  return String(city.postalBase + 10 * rng.int(0, 9)).padStart(5, '0');
}

/** A residence anywhere in the country, by population. */
export function pickPlace(rng: Prng): Place {
  const { region, city } = cities.pick(rng);
  return { region: region.name, city: city.name, zone: zoneOf(rng, city) };
}

/** A registration centre with its registration machines and its operators and supervisors. */
export type Centre = {
  id: string;
  region: string;
  city: City;
  machines: string[];
  operators: string[];
  supervisors: string[];
};

const centreCount = 300;

/**
 * The centre master data: built from its own fixed seed so centre ids, cities and machines are
 * the same whatever `--seed` is (a master-data join can rely on them).
 */
function buildCentres(): Centre[] {
  const rng = new Prng('mosip-registration-centres');
  let machine = 10_001;
  let officer = 110_001;
  const list: Centre[] = [];
  for (let i = 0; i < centreCount; i++) {
    const { region, city } = cities.pick(rng);
    const take = (n: number, next: () => number): string[] => Array.from({ length: n }, () => String(next()));
    list.push({
      id: String(10_001 + i),
      region: region.name,
      city,
      machines: take(rng.int(2, 8), () => machine++),
      operators: take(rng.int(3, 10), () => officer++),
      supervisors: take(rng.int(1, 3), () => officer++),
    });
  }
  return list;
}

export const centres: readonly Centre[] = buildCentres();

/** Centres weighted by their city's population: big cities have several busy centres. */
const centreTraffic = new Weighted<Centre>(centres.map((c) => [c, 0.5 + c.city.weight] as const));

export function pickCentre(rng: Prng): Centre {
  return centreTraffic.pick(rng);
}

/** Where an applicant of a centre lives: mostly the centre's city, sometimes elsewhere. */
export function placeNear(rng: Prng, centre: Centre): Place {
  if (rng.chance(0.15)) return pickPlace(rng);
  return { region: centre.region, city: centre.city.name, zone: zoneOf(rng, centre.city) };
}
