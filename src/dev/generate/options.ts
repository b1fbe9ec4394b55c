import { ConfigError } from '../../config/errors.ts';
import { type GeneratorTable, generatorTables, isGeneratorTable } from './source-row.ts';
import { defaultWindowDays, defaultWindowEnd, type EventClock, isoDate, windowClock } from './time.ts';

export const defaultSeed = 'profile-cdc';
export const defaultBatchSize = 2000;
/** Stays under PostgreSQL's 65535 parameters per statement for every table (6 per regprc row). */
export const maxBatchSize = 10_000;

/** `generate` options as commander hands them over: strings, unvalidated. */
export type GenerateFlags = {
  table?: string;
  rows?: string;
  rate?: string;
  seed?: string;
  batch?: string;
  days?: string;
  until?: string;
  pgUrl?: string;
};

/** Validated `generate` options. */
export type GeneratePlan = {
  tables: GeneratorTable[];
  /** Rows per table; undefined only with `rate` (stream until interrupted). */
  rows: number | undefined;
  /** Rows per second per table; undefined for a bulk load. */
  rate: number | undefined;
  seed: string;
  batchSize: number;
  /** Where bulk event times fall; streaming uses the wall clock instead. */
  clock: EventClock;
  /** A server other than the local stack's; each table's database replaces its path. */
  pgUrl: string | undefined;
};

/** Checks every option, failing with a ConfigError that names the option at fault. */
export function parseGenerateFlags(flags: GenerateFlags): GeneratePlan {
  const rate = flags.rate === undefined ? undefined : positiveNumber('--rate', flags.rate, 1_000_000);
  const rows = flags.rows === undefined ? undefined : positiveInteger('--rows', flags.rows, 1_000_000_000);
  if (rows === undefined && rate === undefined) {
    throw new ConfigError('--rows: required (rows per table), unless --rate streams until interrupted');
  }
  const days = flags.days === undefined ? defaultWindowDays : positiveInteger('--days', flags.days, 36_500);
  const until = flags.until === undefined ? defaultWindowEnd : utcDate('--until', flags.until);
  return {
    tables: parseTables(flags.table ?? 'all'),
    rows,
    rate,
    seed: parseSeed(flags.seed ?? defaultSeed),
    batchSize:
      flags.batch === undefined ? defaultBatchSize : positiveInteger('--batch', flags.batch, maxBatchSize),
    clock: windowClock(until, days),
    pgUrl: flags.pgUrl === undefined ? undefined : postgresUrl('--pg-url', flags.pgUrl),
  };
}

/** `all`, one table, or a comma-separated list. */
function parseTables(value: string): GeneratorTable[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0 || names.includes('all')) return [...generatorTables];
  const tables: GeneratorTable[] = [];
  for (const name of names) {
    if (!isGeneratorTable(name)) {
      throw new ConfigError(`--table: '${name}' is not one of ${generatorTables.join(', ')}, all`);
    }
    if (!tables.includes(name)) tables.push(name);
  }
  return tables;
}

export function parseSeed(value: string): string {
  if (value.trim() === '' || value.length > 200) {
    throw new ConfigError('--seed: expected a non-empty string of at most 200 characters');
  }
  return value;
}

export function positiveInteger(option: string, value: string | number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value.replaceAll('_', ''));
  if (typeof value === 'string' && value.trim() === '') throw new ConfigError(`${option}: expected a number`);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ConfigError(`${option}: expected a whole number from 1 to ${max}, got '${value}'`);
  }
  return n;
}

export function positiveNumber(option: string, value: string | number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') throw new ConfigError(`${option}: expected a number`);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new ConfigError(`${option}: expected a number above 0 and at most ${max}, got '${value}'`);
  }
  return n;
}

/** A day (`2026-04-01`, midnight UTC) or a full ISO instant. */
function utcDate(option: string, value: string): number {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms) || (day && isoDate(ms) !== value)) {
    throw new ConfigError(`${option}: expected a date such as 2026-04-01, got '${value}'`);
  }
  return ms;
}

function postgresUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${option}: not a URL (expected postgres://user@host:port/)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${option}: expected a postgres:// URL, got '${url.protocol}'`);
  }
  return value;
}

/** The connection string of one database on the `--pg-url` server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
