import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.ts';

/** A secret mounted as a file (Kubernetes, Docker secrets): the variable names the file. */
export function readSecret(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const path = env[variable];
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
}
