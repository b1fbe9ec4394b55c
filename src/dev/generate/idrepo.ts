import { type Enrolment, pickEnrolment, shortDigitalId } from './biometrics.ts';
import { addDefects } from './defects.ts';
import { pickBirthYear, pickContact, pickGender, pickLanguage, registrantAges } from './people.ts';
import { pickCentre, pickPlace, placeNear } from './places.ts';
import { Prng } from './prng.ts';
import type { Json, RowSource, RowSourceOptions, SourceRow } from './source-row.ts';
import { eventTime, hourMs, isoDate, sqlTimestamp, utcYear } from './time.ts';

const specSpellingRate = 0.03;
const updateRate = 0.15;

/** One identity as idrepo profiles it; an Update row holds it before and after the change. */
type Identity = {
  yearOfBirth: string;
  gender: string;
  location: string[];
  preferredLanguage: string;
  channel: string[];
  exceptions: Json[];
  verified: string[];
  biometricInfo: Json[];
  documents: string[];
};

/**
 * ID repository: one row per identity created ("New", empty oldProfile) or updated ("Update",
 * oldProfile and newProfile). Sub-profiles have `yearOfBirth` as a string, a singular
 * `preferredLanguage`, upper-case channels and title-case biometric types with string scores.
 */
export function createIdrepoSource({ seed, clock, defects = true }: RowSourceOptions): RowSource {
  const rng = new Prng(`${seed}/idrepo`);
  return {
    next(): SourceRow {
      const id = rng.uuid();
      // Identities are issued as packets finish processing, in office hours.
      const at = eventTime(rng, clock, 'office');
      const update = rng.chance(updateRate);
      const specSpelling = rng.chance(specSpellingRate);
      const identity = newIdentity(rng, update ? at - rng.int(24, 24 * 700) * hourMs : at);
      const profile: Json = {
        processName: update ? 'Update' : 'New',
        date: isoDate(at),
        oldProfile: update ? subProfile(identity, specSpelling) : {},
        newProfile: subProfile(update ? updated(rng, identity, at) : identity, specSpelling),
      };
      if (defects) addDefects(rng, profile.newProfile as { [key: string]: Json }, at);
      return {
        id,
        profile: JSON.stringify(profile),
        crBy: 'IDR',
        crDtimes: sqlTimestamp(at),
        isDeleted: false,
      };
    },
  };
}

function subProfile(identity: Identity, specSpelling: boolean): Json {
  const profile: { [key: string]: Json } = {
    yearOfBirth: identity.yearOfBirth,
    gender: identity.gender,
    location: identity.location,
  };
  if (specSpelling) profile.preferredLanguages = [identity.preferredLanguage];
  else profile.preferredLanguage = identity.preferredLanguage;
  profile.channel = identity.channel;
  profile.exceptions = identity.exceptions;
  profile.verified = identity.verified;
  profile.biometricInfo = identity.biometricInfo;
  profile.documents = identity.documents;
  return profile;
}

function newIdentity(rng: Prng, issuedAt: number): Identity {
  const centre = pickCentre(rng);
  const place = placeNear(rng, centre);
  const birthYear = pickBirthYear(rng, issuedAt, registrantAges);
  const contact = pickContact(rng);
  const enrolment = pickEnrolment(rng, utcYear(issuedAt) - birthYear, issuedAt);
  return {
    yearOfBirth: rng.chance(0.01) ? '' : String(birthYear),
    gender: pickGender(rng),
    location: [place.region, place.city],
    preferredLanguage: pickLanguage(rng),
    channel: [...(contact.phone ? ['PHONE'] : []), ...(contact.email ? ['EMAIL'] : [])],
    exceptions: enrolment.exceptions.map((e) => ({ type: e.modality, subType: e.subType })),
    verified: [],
    biometricInfo: biometricInfo(enrolment),
    documents: rng.chance(0.9) ? ['POA', 'POI'] : ['POI'],
  };
}

function biometricInfo(enrolment: Enrolment): Json[] {
  return enrolment.captures.map((c) => ({
    type: c.modality,
    subType: c.subType,
    qualityScore: String(c.score),
    attempts: String(c.attempts),
    digitalId: shortDigitalId(c.device),
  }));
}

/** The identity after an update: a move, a new contact channel, a verification, documents or biometrics. */
function updated(rng: Prng, before: Identity, at: number): Identity {
  const after: Identity = { ...before };
  let changed = false;
  if (rng.chance(0.4)) {
    after.location = movedTo(rng, before.location);
    changed = true;
  }
  if (rng.chance(0.3) && before.channel.length < 2) {
    after.channel = ['PHONE', 'EMAIL'];
    changed = true;
  }
  if (rng.chance(0.25) && before.verified.length === 0) {
    after.verified = after.channel.includes('EMAIL') ? ['email'] : ['phone'];
    changed = true;
  }
  if (rng.chance(0.25) && before.documents.length < 2) {
    after.documents = ['POA', 'POI'];
    changed = true;
  }
  if (rng.chance(0.1)) {
    const age = before.yearOfBirth === '' ? 30 : utcYear(at) - Number(before.yearOfBirth);
    const enrolment = pickEnrolment(rng, age, at);
    after.biometricInfo = biometricInfo(enrolment);
    after.exceptions = enrolment.exceptions.map((e) => ({ type: e.modality, subType: e.subType }));
    changed = true;
  }
  if (rng.chance(0.05)) {
    after.preferredLanguage = before.preferredLanguage === 'ara' ? 'fra' : 'ara';
    changed = true;
  }
  // An update always changes something; moving house is the commonest.
  if (!changed) after.location = movedTo(rng, before.location);
  return after;
}

/** A new [region, city], different from the old one. */
function movedTo(rng: Prng, old: string[]): string[] {
  for (;;) {
    const place = rng.chance(0.6) ? placeNear(rng, pickCentre(rng)) : pickPlace(rng);
    if (place.city !== old[1]) return [place.region, place.city];
  }
}
