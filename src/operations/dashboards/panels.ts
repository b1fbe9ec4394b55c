import { profiles } from './profiles.ts';
import {
  type Bucket,
  type Dashboard,
  type Metric,
  type Modality,
  modalities,
  type Panel,
  type ProfileName,
  profileNames,
} from './types.ts';

/*
 * Every panel of the four dashboards. Kibana's saved objects (kibana.ts), the aggregation the integration
 * test checks (query.ts) and the HTML report are all generated from this list; edit here, then
 * `npx profile-cdc kibana export --out kibana/profile-cdc.ndjson` (a unit test fails until you do).
 */

const count = (label = 'Documents'): Metric => ({ op: 'count', label });
const avg = (field: string, label: string): Metric => ({ op: 'avg', field, label });
const min = (field: string, label: string): Metric => ({ op: 'min', field, label });
const terms = (field: string, label: string, size = 10): Bucket => ({ type: 'terms', field, label, size });
/**
 * A profile without a usable gender is counted as unknown: left out, it would vanish from every gender
 * panel (2% of the generated applications) and the shares would not add up to the total.
 */
const gender: Bucket = { type: 'terms', field: 'gender', label: 'Gender', size: 5, missing: 'unknown' };
const monthly: Bucket = { type: 'date_histogram', field: '@timestamp', label: 'Month', interval: 'month' };

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * regprc writes one row per processing stage, and the SYNC stage's rows carry no demographics
 * (yearOfBirth 0, no location): counting registrations means counting one stage's rows.
 */
const oneRowPerRegistration = { field: 'processStage', value: 'PacketReceiverStage' };

/**
 * Totals and time (`head`, the first row), then gender, age group by gender, location levels (`rest`):
 * every profile has them; a profile's own panels go between the two.
 */
function demographics(profile: ProfileName, filter?: Panel['filter']): { head: Panel[]; rest: Panel[] } {
  const { unit } = profiles[profile];
  const base = { profile, ...(filter ? { filter } : {}) };
  const docs = count(capitalised(unit));
  const head: Panel[] = [
    {
      ...base,
      id: `${profile}-total`,
      title: `Total ${unit}`,
      description: `Number of ${unit}.`,
      chart: 'metric',
      metrics: [docs],
      buckets: [],
      width: 'quarter',
    },
    {
      ...base,
      id: `${profile}-over-time`,
      title: `${capitalised(unit)} per month`,
      description: `Number of ${unit} per calendar month (@timestamp, the event time).`,
      chart: 'bar_stacked',
      metrics: [docs],
      buckets: [monthly],
      width: 'threeQuarters',
    },
  ];
  const rest: Panel[] = [
    {
      ...base,
      id: `${profile}-by-gender`,
      title: `${capitalised(unit)} by gender`,
      description: `Share of ${unit} per gender.`,
      chart: 'pie',
      metrics: [docs],
      buckets: [gender],
      width: 'quarter',
    },
    {
      ...base,
      id: `${profile}-age-group-by-gender`,
      title: 'Age group by gender',
      description: `${capitalised(unit)} per age group (MOSIP's 0-5, 5-18, 18-60, 60+; unknown kept apart), split by gender.`,
      chart: 'bar_stacked',
      metrics: [docs],
      buckets: [terms('ageGroup', 'Age group', 10), gender],
      width: 'threeQuarters',
    },
    {
      ...base,
      id: `${profile}-gender-over-time`,
      title: `${capitalised(unit)} per month by gender`,
      description: `Number of ${unit} per calendar month, split by gender.`,
      chart: 'bar_stacked',
      metrics: [docs],
      buckets: [monthly, gender],
      width: 'full',
    },
    {
      ...base,
      id: `${profile}-by-location-level1`,
      title: `${capitalised(unit)} by region (location level 1)`,
      description: `Top regions (location.level1) by number of ${unit}.`,
      chart: 'bar_horizontal',
      metrics: [docs],
      buckets: [terms('location.level1', 'Region (level 1)', 12)],
      width: 'half',
    },
    {
      ...base,
      id: `${profile}-by-location-level2`,
      title: `${capitalised(unit)} by province (location level 2)`,
      description: `Top provinces (location.level2) by number of ${unit}.`,
      chart: 'bar_horizontal',
      metrics: [docs],
      buckets: [terms('location.level2', 'Province (level 2)', 15)],
      width: 'half',
    },
  ];
  return { head, rest };
}

function topCentres(profile: ProfileName, filter?: Panel['filter']): Panel {
  const { unit } = profiles[profile];
  return {
    profile,
    ...(filter ? { filter } : {}),
    id: `${profile}-top-centres`,
    title: 'Top registration centres',
    description: `The 10 registration centres (registrationCenterId) with the most ${unit}.`,
    chart: 'bar_horizontal',
    metrics: [count(capitalised(unit))],
    buckets: [terms('registrationCenterId', 'Registration centre', 10)],
    width: 'full',
  };
}

/** Each centre where master data places it (centre.geo), sized by its count: the map MOSIP's reporting drew. */
function centresMap(profile: ProfileName, filter?: Panel['filter']): Panel {
  const { unit } = profiles[profile];
  return {
    profile,
    ...(filter ? { filter } : {}),
    id: `${profile}-centres-map`,
    title: `${capitalised(unit)} by centre on the map`,
    description: `Each registration centre at its coordinates (master data: centre.geo), sized by its number of ${unit}. Centres without usable coordinates are not drawn.`,
    chart: 'map',
    metrics: [count(capitalised(unit))],
    buckets: [terms('centre.name', 'Registration centre', 500)],
    geo: 'centre.geo',
    width: 'full',
  };
}

/**
 * Quality per modality, over time and per capture device. Each panel aggregates ITS OWN modality's
 * fields (MOSIP's own dashboards averaged another modality's field in some panels); validate.ts and
 * the tests check that the field paths contain the panel's modality.
 */
function biometricQuality(profile: ProfileName, filter?: Panel['filter']): Panel[] {
  const base = { profile, ...(filter ? { filter } : {}) };
  return modalities.flatMap((modality: Modality): Panel[] => {
    const name = capitalised(modality);
    const field = (leaf: string) => `biometrics.${modality}.${leaf}`;
    return [
      {
        ...base,
        modality,
        id: `${profile}-${modality}-quality-over-time`,
        title: `${name} quality per month`,
        description: `Mean of each capture's mean ${modality} quality score, and the lowest ${modality} score, per month.`,
        chart: 'line',
        metrics: [
          avg(field('qualityMean'), `Mean ${modality} quality`),
          min(field('qualityMin'), `Lowest ${modality} quality`),
        ],
        buckets: [monthly],
        width: 'half',
      },
      {
        ...base,
        modality,
        id: `${profile}-${modality}-quality-by-device`,
        title: `${name} quality by capture device`,
        description: `Mean ${modality} quality score per ${modality} capture device (make and model), best first.`,
        chart: 'bar_horizontal',
        metrics: [avg(field('qualityMean'), `Mean ${modality} quality`)],
        buckets: [terms(field('device'), `${name} device`, 10)],
        width: 'half',
      },
    ];
  });
}

const preregDemographics = demographics('prereg');
const prereg: Panel[] = [
  ...preregDemographics.head,
  ...preregDemographics.rest,
  topCentres('prereg'),
  centresMap('prereg'),
];

const regprcDemographics = demographics('regprc', oneRowPerRegistration);
const regprc: Panel[] = [
  ...regprcDemographics.head,
  {
    profile: 'regprc',
    id: 'regprc-processing-time',
    title: 'Mean processing time (s)',
    description: 'Mean processingSeconds (end minus start of the stage) over every stage record.',
    chart: 'metric',
    metrics: [avg('processingSeconds', 'Mean processing time (s)')],
    buckets: [],
    width: 'quarter',
  },
  {
    profile: 'regprc',
    id: 'regprc-processing-time-over-time',
    title: 'Processing time per month (s)',
    description: 'Mean processingSeconds of the stage records, per month.',
    chart: 'line',
    metrics: [avg('processingSeconds', 'Mean processing time (s)')],
    buckets: [monthly],
    width: 'threeQuarters',
  },
  {
    profile: 'regprc',
    id: 'regprc-processing-time-by-stage',
    title: 'Processing time by stage (s)',
    description: 'Mean processingSeconds per processing stage, slowest first.',
    chart: 'bar_horizontal',
    metrics: [avg('processingSeconds', 'Mean processing time (s)')],
    buckets: [terms('processStage', 'Stage', 12)],
    width: 'half',
  },
  {
    profile: 'regprc',
    id: 'regprc-processing-time-by-centre',
    title: 'Processing time by registration centre (s)',
    description: 'Mean processingSeconds per registration centre, slowest first.',
    chart: 'bar_horizontal',
    metrics: [avg('processingSeconds', 'Mean processing time (s)')],
    buckets: [terms('registrationCenterId', 'Registration centre', 10)],
    width: 'half',
  },
  {
    profile: 'regprc',
    id: 'regprc-records-by-stage',
    title: 'Stage records by stage and status',
    description: 'Stage records per processing stage, split by status.',
    chart: 'bar_horizontal',
    metrics: [count('Stage records')],
    buckets: [terms('processStage', 'Stage', 12), terms('status', 'Status', 5)],
    width: 'full',
  },
  ...regprcDemographics.rest,
  topCentres('regprc', oneRowPerRegistration),
  centresMap('regprc', oneRowPerRegistration),
  ...biometricQuality('regprc', oneRowPerRegistration),
];

const idrepoDemographics = demographics('idrepo');
const idrepo: Panel[] = [
  ...idrepoDemographics.head,
  {
    profile: 'idrepo',
    id: 'idrepo-new-vs-update',
    title: 'New identities vs updates',
    description: 'Identities created (NEW) and updated (UPDATE), by processName.',
    chart: 'pie',
    metrics: [count('Identities issued or updated')],
    buckets: [terms('processName', 'Process', 2)],
    width: 'quarter',
  },
  {
    profile: 'idrepo',
    id: 'idrepo-new-vs-update-over-time',
    title: 'New identities vs updates per month',
    description: 'Identities created and updated per month (isNew).',
    chart: 'bar_stacked',
    metrics: [count('Identities issued or updated')],
    buckets: [monthly, terms('isNew', 'New or update', 2)],
    width: 'threeQuarters',
  },
  {
    profile: 'idrepo',
    id: 'idrepo-changed-fields',
    title: 'What updates changed',
    description: 'Updates per changed identity field (changedFields; a new identity changes none).',
    chart: 'bar_horizontal',
    metrics: [count('Updates')],
    buckets: [terms('changedFields', 'Changed field', 10)],
    width: 'full',
  },
  ...idrepoDemographics.rest,
  ...biometricQuality('idrepo'),
];

const idaDemographics = demographics('ida');
const ida: Panel[] = [
  ...idaDemographics.head,
  {
    profile: 'ida',
    id: 'ida-success-by-partner',
    title: 'Success rate by partner',
    description: 'Share of successful and failed authentications per relying partner (partnerName).',
    chart: 'bar_horizontal_percentage',
    metrics: [count('Authentications')],
    buckets: [terms('partnerName', 'Partner', 12), terms('success', 'Outcome', 2)],
    width: 'half',
  },
  {
    profile: 'ida',
    id: 'ida-success-by-factor',
    title: 'Success rate by authentication method',
    description:
      'Share of successful and failed authentications per kind of factor used (authMethods: OTP-AUTH, OTP and SMS-OTP are otp; FINGER-AUTH, IRIS-AUTH, FACE-AUTH and BIO-AUTH are biometric).',
    chart: 'bar_horizontal_percentage',
    metrics: [count('Authentications')],
    buckets: [terms('authMethods', 'Method', 6), terms('success', 'Outcome', 2)],
    width: 'half',
  },
  {
    profile: 'ida',
    id: 'ida-auth-type',
    title: 'Authentications by type',
    description:
      'Share of authentications per combination of methods (authType: "biometric + otp"; "none" when no factor code is known).',
    chart: 'pie',
    metrics: [count('Authentications')],
    buckets: [terms('authType', 'Type', 8)],
    width: 'quarter',
  },
  {
    profile: 'ida',
    id: 'ida-success-by-modality',
    title: 'Biometric success rate by modality',
    description:
      'Share of successful and failed biometric authentications per modality the factor names (authModalities; BIO-AUTH names none: unknown).',
    chart: 'bar_horizontal_percentage',
    metrics: [count('Authentications')],
    buckets: [terms('authModalities', 'Modality', 4), terms('success', 'Outcome', 2)],
    width: 'threeQuarters',
  },
  {
    profile: 'ida',
    id: 'ida-success-over-time',
    title: 'Authentications per month by outcome',
    description: 'Successful and failed authentications per month.',
    chart: 'bar_stacked',
    metrics: [count('Authentications')],
    buckets: [monthly, terms('success', 'Outcome', 2)],
    width: 'full',
  },
  {
    profile: 'ida',
    id: 'ida-error-codes',
    title: 'Top error codes',
    description: 'Failed authentications per error code (errorCodes).',
    chart: 'bar_horizontal',
    metrics: [count('Authentications')],
    buckets: [terms('errorCodes', 'Error code', 10)],
    width: 'half',
  },
  {
    profile: 'ida',
    id: 'ida-error-codes-over-time',
    title: 'Error codes per month',
    description: 'Authentications per month, split by the 5 most frequent error codes.',
    chart: 'bar_stacked',
    metrics: [count('Authentications')],
    buckets: [monthly, terms('errorCodes', 'Error code', 5)],
    width: 'half',
  },
  ...idaDemographics.rest,
  ...biometricQuality('ida'),
];

/**
 * Data quality: the share of profiles with a field the normaliser could not use, and which fields, per month
 * (quality.* in every document; the codes in docs/mosip-data.md). A rise means a service or a deployment
 * started writing something new.
 */
function dataQuality(profile: ProfileName): Panel[] {
  const { unit } = profiles[profile];
  return [
    {
      profile,
      id: `${profile}-quality-share`,
      title: 'Data quality',
      description: `Share of ${unit} whose profile had a field that could not be used (counted, not lost: the field is unknown).`,
      chart: 'pie',
      metrics: [count(capitalised(unit))],
      buckets: [terms('quality.hasIssues', 'Data quality', 2)],
      width: 'quarter',
    },
    {
      profile,
      id: `${profile}-quality-by-field`,
      title: 'Data-quality issues by field per month',
      description: `Number of ${unit} with an issue, per month, split by the field at fault (quality.fields).`,
      chart: 'bar_stacked',
      metrics: [count(capitalised(unit))],
      buckets: [monthly, terms('quality.fields', 'Field', 10)],
      width: 'threeQuarters',
    },
  ];
}

const byProfile: Record<ProfileName, Panel[]> = {
  prereg: [...prereg, ...dataQuality('prereg')],
  regprc: [...regprc, ...dataQuality('regprc')],
  idrepo: [...idrepo, ...dataQuality('idrepo')],
  ida: [...ida, ...dataQuality('ida')],
};

/** One dashboard per profile, its panels in reading order. */
export const dashboards: readonly Dashboard[] = profileNames.map((profile) => ({
  profile,
  title: `MOSIP ${profiles[profile].label}`,
  description: `profile-cdc: ${profiles[profile].unit}, from MOSIP's ${profile}.anonymous_profile table.`,
  panels: byProfile[profile],
}));

/** Every panel of every dashboard. */
export const panels: readonly Panel[] = dashboards.flatMap((d) => d.panels);
