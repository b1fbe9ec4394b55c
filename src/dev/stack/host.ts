import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exec, type RunAs } from '../../util/exec.ts';

/** A missing or unusable tool on this machine; the message says how to install it. */
class PrerequisiteError extends Error {
  override name = 'PrerequisiteError';
}

async function which(command: string): Promise<string | undefined> {
  try {
    return (await exec('sh', ['-c', `command -v ${command}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** JAVA_HOME for Kafka and Elasticsearch: $JAVA_HOME, else the JDK of `java` on PATH; 17 or newer. */
export async function findJavaHome(): Promise<string> {
  const hint = 'install it with: apt-get install -y openjdk-17-jre-headless (or set JAVA_HOME)';
  let home = process.env.JAVA_HOME;
  if (!home || !existsSync(join(home, 'bin', 'java'))) {
    const java = await which('java');
    if (!java) throw new PrerequisiteError(`Java 17+ is needed for Kafka and Elasticsearch; ${hint}`);
    home = dirname(dirname(realpathSync(java)));
  }
  // `java -version` prints to stderr.
  const version = await exec('sh', ['-c', `"${join(home, 'bin', 'java')}" -version 2>&1`]).catch(
    (e: Error) => e.message,
  );
  const major = Number(/version "(\d+)/.exec(version)?.[1] ?? 0);
  if (major < 17)
    throw new PrerequisiteError(`Java ${major || '?'} at ${home} is too old; 17+ needed: ${hint}`);
  return home;
}

export async function requireMaven(): Promise<string> {
  const mvn = await which('mvn');
  if (!mvn)
    throw new PrerequisiteError('Maven is needed to fetch Kafka and Elasticsearch: apt-get install -y maven');
  return mvn;
}

export async function requireUnzip(): Promise<void> {
  if (!(await which('unzip'))) throw new PrerequisiteError('unzip is needed: apt-get install -y unzip');
}

/** PostgreSQL server binaries: PROFILE_CDC_PG_BIN, else the newest /usr/lib/postgresql/N/bin (N >= 15). */
export function findPgBin(configured: string | undefined): string {
  const hint = 'install it with: apt-get install -y postgresql (or set PROFILE_CDC_PG_BIN to its bin folder)';
  if (configured) {
    if (!existsSync(join(configured, 'pg_ctl')))
      throw new PrerequisiteError(`no pg_ctl in ${configured}; ${hint}`);
    return configured;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => v >= 15 && existsSync(join(root, String(v), 'bin', 'pg_ctl')))
        .sort((a, b) => b - a)
    : [];
  if (versions.length === 0) throw new PrerequisiteError(`PostgreSQL 15+ server not found; ${hint}`);
  return join(root, String(versions[0]), 'bin');
}

/**
 * PostgreSQL and Elasticsearch refuse to run as root. When we are root, they run as a system user
 * (created on first use); otherwise as ourselves (undefined).
 */
export async function serviceUser(name: string): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) => Number((await exec('id', [flag, name])).trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await exec('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

/** Makes `path` (recursively) owned by the service user, when there is one. */
export async function giveTo(path: string, as: RunAs | undefined): Promise<void> {
  if (as) await exec('chown', ['-R', `${as.uid}:${as.gid}`, path]);
}
