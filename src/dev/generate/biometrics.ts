import type { Prng } from './prng.ts';

/** Modalities in title case; each service spells `type` its own way from this. */
export type Modality = 'Finger' | 'Iris' | 'Face';

export const fingerSubtypes = [
  'Left Thumb',
  'Left IndexFinger',
  'Left MiddleFinger',
  'Left RingFinger',
  'Left LittleFinger',
  'Right Thumb',
  'Right IndexFinger',
  'Right MiddleFinger',
  'Right RingFinger',
  'Right LittleFinger',
] as const;

export const irisSubtypes = ['Left', 'Right'] as const;

/** A capture device as it describes itself in the digitalId. */
export type Device = {
  serialNo: string;
  make: string;
  model: string;
  type: Modality;
  deviceSubType: string;
  deviceProvider: string;
};

type DeviceModel = Omit<Device, 'serialNo'> & { serialPrefix: string };

const registrationDevices: Record<Modality, DeviceModel[]> = {
  Finger: [
    {
      make: 'MOSIP',
      model: 'SLAP01',
      type: 'Finger',
      deviceSubType: 'Slap',
      deviceProvider: 'MOSIP',
      serialPrefix: 'FS-',
    },
    {
      make: 'Idemia',
      model: 'MSO1350',
      type: 'Finger',
      deviceSubType: 'Slap',
      deviceProvider: 'Idemia',
      serialPrefix: 'IDM-',
    },
    {
      make: 'Suprema',
      model: 'RealScan-G10',
      type: 'Finger',
      deviceSubType: 'Slap',
      deviceProvider: 'Suprema',
      serialPrefix: 'SUP-',
    },
  ],
  Iris: [
    {
      make: 'MOSIP',
      model: 'DUAL01',
      type: 'Iris',
      deviceSubType: 'Double',
      deviceProvider: 'MOSIP',
      serialPrefix: 'IR-',
    },
    {
      make: 'IriTech',
      model: 'IriMagic-T2',
      type: 'Iris',
      deviceSubType: 'Double',
      deviceProvider: 'IriTech',
      serialPrefix: 'IRT-',
    },
  ],
  Face: [
    {
      make: 'MOSIP',
      model: 'CAM01',
      type: 'Face',
      deviceSubType: 'Full face',
      deviceProvider: 'MOSIP',
      serialPrefix: 'FC-',
    },
    {
      make: 'Logitech',
      model: 'Brio-4K',
      type: 'Face',
      deviceSubType: 'Full face',
      deviceProvider: 'Logitech',
      serialPrefix: 'LGB-',
    },
  ],
};

const authDevices: Record<Modality, DeviceModel[]> = {
  Finger: [
    {
      make: 'Acme',
      model: 'TAP1',
      type: 'Finger',
      deviceSubType: 'Single',
      deviceProvider: 'Acme',
      serialPrefix: 'AUTH-',
    },
    {
      make: 'Mantra',
      model: 'MFS100',
      type: 'Finger',
      deviceSubType: 'Single',
      deviceProvider: 'Mantra',
      serialPrefix: 'MFS-',
    },
  ],
  Iris: [
    {
      make: 'IriTech',
      model: 'MK2120U',
      type: 'Iris',
      deviceSubType: 'Single',
      deviceProvider: 'IriTech',
      serialPrefix: 'MK-',
    },
  ],
  Face: [
    {
      make: 'Acme',
      model: 'FACECAM2',
      type: 'Face',
      deviceSubType: 'Full face',
      deviceProvider: 'Acme',
      serialPrefix: 'CAM-',
    },
  ],
};

export function pickDevice(rng: Prng, modality: Modality, use: 'registration' | 'authentication'): Device {
  const m = rng.pick((use === 'registration' ? registrationDevices : authDevices)[modality]);
  return {
    serialNo: `${m.serialPrefix}${rng.int(1000, 999_999)}`,
    make: m.make,
    model: m.model,
    type: m.type,
    deviceSubType: m.deviceSubType,
    deviceProvider: m.deviceProvider,
  };
}

/** The digitalId as regprc writes it: the whole device description and capture time, a JSON string. */
export function fullDigitalId(device: Device, capturedAt: string): string {
  return JSON.stringify({ ...device, dateTime: capturedAt });
}

const shortIds = new WeakMap<Device, string>();

/** The digitalId as idrepo and ida write it: serial, make and model only (cached: one per device). */
export function shortDigitalId(device: Device): string {
  let id = shortIds.get(device);
  if (id === undefined) {
    id = JSON.stringify({ serialNo: device.serialNo, make: device.make, model: device.model });
    shortIds.set(device, id);
  }
  return id;
}

/** Quality score 1-100: irises score high, fingers spread widely, auth captures worse than enrolment. */
export function qualityScore(rng: Prng, modality: Modality, use: 'registration' | 'authentication'): number {
  const [mean, sd] = modality === 'Finger' ? [72, 14] : modality === 'Iris' ? [82, 9] : ([76, 11] as const);
  const shift = use === 'authentication' ? -8 : 0;
  return Math.max(
    1,
    Math.min(100, Math.round(rng.normal(mean + shift, sd * (use === 'authentication' ? 1.2 : 1)))),
  );
}

/** Poor captures are retried more often. */
function captureAttempts(rng: Prng, score: number): number {
  const x = rng.float();
  if (score < 40) return x < 0.4 ? 1 : x < 0.75 ? 2 : 3;
  if (score < 60) return x < 0.65 ? 1 : x < 0.9 ? 2 : 3;
  return x < 0.88 ? 1 : x < 0.98 ? 2 : 3;
}

/** One enrolment capture, independent of how a service spells it. */
export type Capture = {
  modality: Modality;
  subType: string;
  score: number;
  attempts: number;
  device: Device;
  capturedAtMs: number;
};

/** A modality the operator marked as impossible to capture (e.g. a missing finger). */
export type BiometricException = { modality: Modality; subType: string };

export type Enrolment = { captures: Capture[]; exceptions: BiometricException[] };

/**
 * The biometrics of one registration. Children under five give a face only; others a few fingers
 * (as in the samples, not all ten, to keep rows sample-sized), one or two irises and a face, and
 * some have exceptions for fingers or an iris that could not be captured.
 */
export function pickEnrolment(rng: Prng, age: number, startMs: number): Enrolment {
  const captures: Capture[] = [];
  const exceptions: BiometricException[] = [];
  let at = startMs + rng.int(60_000, 240_000);
  const capture = (modality: Modality, subType: string, device: Device): void => {
    const score = qualityScore(rng, modality, 'registration');
    const attempts = captureAttempts(rng, score);
    at += rng.int(5_000, 40_000) * attempts;
    captures.push({ modality, subType, score, attempts, device, capturedAtMs: at });
  };
  if (age >= 5) {
    let fingers: readonly string[] = fingerSubtypes;
    if (rng.chance(0.07)) {
      const missing = rng.sample(fingerSubtypes, rng.int(1, 2));
      for (const subType of missing) exceptions.push({ modality: 'Finger', subType });
      fingers = fingerSubtypes.filter((f) => !missing.includes(f));
    }
    const fingerDevice = pickDevice(rng, 'Finger', 'registration');
    for (const subType of rng.sample(fingers, rng.int(2, 4))) capture('Finger', subType, fingerDevice);
    let irises: readonly string[] = irisSubtypes;
    if (rng.chance(0.01)) {
      const missing = rng.pick(irisSubtypes);
      exceptions.push({ modality: 'Iris', subType: missing });
      irises = irisSubtypes.filter((i) => i !== missing);
    }
    const irisDevice = pickDevice(rng, 'Iris', 'registration');
    for (const subType of rng.sample(irises, rng.int(1, 2))) capture('Iris', subType, irisDevice);
  }
  capture('Face', '', pickDevice(rng, 'Face', 'registration'));
  return { captures, exceptions };
}
