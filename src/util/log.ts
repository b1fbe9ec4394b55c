import { pino } from 'pino';

/** One logger for the process: JSON lines, level from PROFILE_CDC_LOG_LEVEL; secrets redacted by key. */
export const log = pino({
  level: process.env.PROFILE_CDC_LOG_LEVEL ?? 'info',
  base: { service: 'profile-cdc' },
  redact: { paths: ['*.password', '*.apiKey', '*.secret', 'password', 'apiKey'], censor: '[redacted]' },
});

export type Logger = typeof log;

/**
 * Sends the process's log lines to `file` from now on (appending), for commands whose terminal shows
 * steps and progress instead (the demo).
 */
export function logToFile(file: string): void {
  const target = log as unknown as Record<symbol, unknown>;
  target[pino.symbols.streamSym] = pino.destination({ dest: file, mkdir: true, sync: false });
}
