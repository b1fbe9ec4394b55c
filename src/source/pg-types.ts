import pg from 'pg';

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * MOSIP's timestamp columns have no time zone and hold UTC by convention; node-postgres would read
 * them in the process's local zone. Both the snapshot and pgoutput (which uses the same global
 * parsers) get the text instead, and `utcTimestamp` reads it as UTC.
 */
pg.types.setTypeParser(TIMESTAMP, (text: string) => text);
pg.types.setTypeParser(TIMESTAMPTZ, (text: string) => text);

/** '2026-03-14 09:21:44.512' (UTC by convention) or '...+02' -> epoch milliseconds. */
export function utcTimestamp(text: string): number {
  const iso = text.replace(' ', 'T');
  const zoned = /([+-]\d{2}(:?\d{2})?|Z)$/.test(iso) ? iso.replace(/([+-]\d{2})$/, '$1:00') : `${iso}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: '${text}'`);
  return ms;
}
