/** A configuration problem found at start-up; the message names the key or file at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
