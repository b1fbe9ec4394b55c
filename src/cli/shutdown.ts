import { log } from '../util/log.ts';

/**
 * Runs `stop` once on SIGINT or SIGTERM (finish in-flight work, commit, confirm), then exits.
 * A second signal, or the grace period running out, exits at once.
 */
export function onShutdown(stop: () => Promise<void>, graceMs = 30_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight work');
    const timer = setTimeout(() => {
      log.error({ graceMs }, 'grace period over; exiting with work in flight');
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
