import { Prng, Weighted } from './prng.ts';

/** A city (second location level) with a relative population and its first postal code. */
type City = { name: string; weight: number; postalBase: number };
type Region = { name: string; weight: number; cities: City[] };

/** Morocco's twelve regions and main cities, as in the samples; weights follow population roughly. */
const regions: Region[] = [
  {
    name: 'Casablanca Settat',
    weight: 20,
    cities: [
      { name: 'Casablanca', weight: 10, postalBase: 20000 },
      { name: 'Mohammedia', weight: 1.5, postalBase: 28800 },
      { name: 'El Jadida', weight: 1.5, postalBase: 24000 },
      { name: 'Settat', weight: 1, postalBase: 26000 },
      { name: 'Berrechid', weight: 1, postalBase: 26100 },
    ],
  },
  {
    name: 'Rabat Sale Kenitra',
    weight: 13.5,
    cities: [
      { name: 'Rabat', weight: 4, postalBase: 10000 },
      { name: 'Sale', weight: 3.5, postalBase: 11000 },
      { name: 'Kenitra', weight: 3, postalBase: 14000 },
      { name: 'Temara', weight: 2, postalBase: 12000 },
      { name: 'Khemisset', weight: 1, postalBase: 15000 },
    ],
  },
  {
    name: 'Marrakech Safi',
    weight: 13.4,
    cities: [
      { name: 'Marrakech', weight: 6, postalBase: 40000 },
      { name: 'Safi', weight: 2, postalBase: 46000 },
      { name: 'Essaouira', weight: 1, postalBase: 44000 },
      { name: 'El Kelaa des Sraghna', weight: 1, postalBase: 43000 },
    ],
  },
  {
    name: 'Fes Meknes',
    weight: 12.5,
    cities: [
      { name: 'Fes', weight: 5, postalBase: 30000 },
      { name: 'Meknes', weight: 3.5, postalBase: 50000 },
      { name: 'Taza', weight: 1.5, postalBase: 35000 },
      { name: 'Sefrou', weight: 1, postalBase: 31000 },
      { name: 'Ifrane', weight: 0.5, postalBase: 53000 },
    ],
  },
  {
    name: 'Tanger Tetouan Al Hoceima',
    weight: 10.5,
    cities: [
      { name: 'Tanger', weight: 5, postalBase: 90000 },
      { name: 'Tetouan', weight: 2.5, postalBase: 93000 },
      { name: 'Larache', weight: 1, postalBase: 92000 },
      { name: 'Al Hoceima', weight: 1, postalBase: 32000 },
      { name: 'Chefchaouen', weight: 0.5, postalBase: 91000 },
    ],
  },
  {
    name: 'Souss Massa',
    weight: 8,
    cities: [
      { name: 'Agadir', weight: 4, postalBase: 80000 },
      { name: 'Inezgane', weight: 2, postalBase: 86350 },
      { name: 'Taroudant', weight: 1.5, postalBase: 83000 },
      { name: 'Tiznit', weight: 1, postalBase: 85000 },
    ],
  },
  {
    name: 'Beni Mellal Khenifra',
    weight: 7.4,
    cities: [
      { name: 'Beni Mellal', weight: 3, postalBase: 23000 },
      { name: 'Khouribga', weight: 2, postalBase: 25000 },
      { name: 'Khenifra', weight: 1.5, postalBase: 54000 },
      { name: 'Azilal', weight: 1, postalBase: 22000 },
    ],
  },
  {
    name: 'Oriental',
    weight: 6.8,
    cities: [
      { name: 'Oujda', weight: 3.5, postalBase: 60000 },
      { name: 'Nador', weight: 2, postalBase: 62000 },
      { name: 'Berkane', weight: 1, postalBase: 63300 },
      { name: 'Taourirt', weight: 0.7, postalBase: 65800 },
    ],
  },
  {
    name: 'Draa Tafilalet',
    weight: 4.8,
    cities: [
      { name: 'Errachidia', weight: 1.5, postalBase: 52000 },
      { name: 'Ouarzazate', weight: 1.5, postalBase: 45000 },
      { name: 'Tinghir', weight: 1, postalBase: 45800 },
      { name: 'Zagora', weight: 0.8, postalBase: 47900 },
      { name: 'Midelt', weight: 0.8, postalBase: 54350 },
    ],
  },
  {
    name: 'Guelmim Oued Noun',
    weight: 1.2,
    cities: [
      { name: 'Guelmim', weight: 2, postalBase: 81000 },
      { name: 'Tan-Tan', weight: 1, postalBase: 82000 },
      { name: 'Sidi Ifni', weight: 0.7, postalBase: 85200 },
    ],
  },
  {
    name: 'Laayoune Sakia El Hamra',
    weight: 1.1,
    cities: [
      { name: 'Laayoune', weight: 4, postalBase: 70000 },
      { name: 'Boujdour', weight: 1, postalBase: 71000 },
      { name: 'Tarfaya', weight: 0.5, postalBase: 70050 },
    ],
  },
  {
    name: 'Dakhla Oued Ed Dahab',
    weight: 0.4,
    cities: [
      { name: 'Dakhla', weight: 4, postalBase: 73000 },
      { name: 'Aousserd', weight: 0.5, postalBase: 73050 },
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
