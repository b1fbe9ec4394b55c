import { addDefects } from './defects.ts';
import { pickBirthYear, pickContact, pickGender, pickLanguage, registrantAges } from './people.ts';
import { type Place, pickCentre, placeNear } from './places.ts';
import { Prng, Weighted } from './prng.ts';
import type { Json, RowSource, RowSourceOptions, SourceRow } from './source-row.ts';
import { eventTime, localDateTime, sqlTimestamp } from './time.ts';

/** Share of rows written with the spec's spelling instead of the service's, to exercise the normaliser. */
const specSpellingRate = 0.03;

const statuses = new Weighted<string>([
  ['Booked', 78],
  ['Pending_Appointment', 15],
  ['Application_Incomplete', 4],
  ['Cancelled', 3],
]);

/**
 * Pre-registration: one row per application booked on the portal. `date` is a full local
 * date-time, `yearOfBirth` a string ("" when unknown), `location` may hold "" for missing levels,
 * `preferredLanguage` is singular and the centre is `enrollmentCenterId`.
 */
export function createPreregSource({ seed, clock, defects = true }: RowSourceOptions): RowSource {
  const rng = new Prng(`${seed}/prereg`);
  return {
    next(): SourceRow {
      const id = rng.uuid();
      // The portal is open day and night.
      const at = eventTime(rng, clock, 'allDay');
      const centre = pickCentre(rng);
      const birthYear = pickBirthYear(rng, at, registrantAges);
      const contact = pickContact(rng);
      const profile: { [key: string]: Json } = {
        processName: 'preregistration',
        processStage: 'preregistration',
        // Stamped by the service a few milliseconds before the row is saved.
        date: localDateTime(at - rng.int(3, 40)),
        yearOfBirth: rng.chance(0.03) ? '' : String(birthYear),
        // Pre-registration holds the portal's lower-case values ("male", "female").
        gender: pickGender(rng).toLowerCase(),
        location: preregLocation(rng, placeNear(rng, centre)),
      };
      const language = pickLanguage(rng);
      if (rng.chance(specSpellingRate)) profile.preferredLanguages = [language];
      else profile.preferredLanguage = language;
      profile.channel = [...(contact.email ? ['email'] : []), ...(contact.phone ? ['phone'] : [])];
      profile[rng.chance(specSpellingRate) ? 'registrationCenterId' : 'enrollmentCenterId'] = centre.id;
      profile.documents = preregDocuments(rng, at, birthYear);
      profile.status = statuses.pick(rng);
      if (defects) addDefects(rng, profile, at);
      return {
        id,
        profile: JSON.stringify(profile),
        crBy: 'prereg-service',
        crDtimes: sqlTimestamp(at),
        isDeleted: null,
      };
    },
  };
}

/** Region, city, zone; applicants often leave the zone (sometimes the city) empty. */
function preregLocation(rng: Prng, place: Place): string[] {
  const x = rng.float();
  if (x < 0.03) return [place.region, '', ''];
  if (x < 0.38) return [place.region, place.city, ''];
  return [place.region, place.city, place.zone];
}

/** Document categories: identity and address proofs; relationship and birth proofs for minors. */
function preregDocuments(rng: Prng, at: number, birthYear: number): string[] {
  const minor = new Date(at).getUTCFullYear() - birthYear < 18;
  const docs: string[] = [];
  if (rng.chance(0.8)) docs.push('POA');
  if (rng.chance(minor ? 0.5 : 0.95)) docs.push('POI');
  if (minor && rng.chance(0.7)) docs.push('POR');
  if (minor && rng.chance(0.5)) docs.push('POB');
  return docs;
}
