export { normalise } from './normalise.ts';
export { parseTimestamp, toIsoUtc } from './timestamp.ts';
export * from './types.ts';
