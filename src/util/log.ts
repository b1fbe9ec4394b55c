import { pino } from 'pino';

/** One logger for the process: JSON lines, level from PROFILE_CDC_LOG_LEVEL; secrets redacted by key. */
export const log = pino({
  level: process.env.PROFILE_CDC_LOG_LEVEL ?? 'info',
  base: { service: 'profile-cdc' },
  redact: { paths: ['*.password', '*.apiKey', '*.secret', 'password', 'apiKey'], censor: '[redacted]' },
});

export type Logger = typeof log;
