import pg from 'pg';

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * MOSIP's timestamp columns have no time zone and hold UTC by convention; node-postgres would read
 * them in the process's local zone. Both the snapshot and pgoutput (which uses the same global
 * parsers) get the text instead, which util/timestamp.ts reads as UTC.
 */
pg.types.setTypeParser(TIMESTAMP, (text: string) => text);
pg.types.setTypeParser(TIMESTAMPTZ, (text: string) => text);
