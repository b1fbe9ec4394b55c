import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localKafkaBroker, localRegistryUrl } from '../../config/local-stack.ts';
import { exec } from '../../util/exec.ts';
import { log } from '../../util/log.ts';
import { waitFor } from '../../util/wait.ts';
import { findJavaHome, giveTo, requireMaven } from './host.ts';
import { isAlive, livePid, removeFile, spawnDetached, stopProcess } from './process.ts';
import {
  assertPortFree,
  portOpen,
  type ServiceStatus,
  type StackContext,
  type StackService,
} from './service.ts';
import { repoRoot } from './settings.ts';

/**
 * The optional schema registry of the local stack: Apicurio Registry, whose `/apis/ccompat/v7` API is
 * the Confluent schema registry's (what RegistryClient speaks). It keeps its schemas in Kafka
 * (kafkasql storage: a journal topic replayed at start-up), so it needs the local Kafka and keeps its
 * schema ids across restarts. New schemas must be BACKWARD compatible with a subject's latest version,
 * the Confluent registry's default.
 */
const journalTopic = '_apicurio-journal';
const snapshotsTopic = '_apicurio-snapshots';

/** The Quarkus application distribution (runner jar and lib/) from Maven Central, unpacked once. */
async function apicurioHome(cacheDir: string, version: string): Promise<string> {
  const target = join(cacheDir, `apicurio-registry-${version}`);
  if (existsSync(target)) return target;
  const mvn = await requireMaven();
  // Written into a scratch folder renamed into place only when complete, as download.ts does.
  const scratch = `${target}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const started = Date.now();
  const what = `Apicurio Registry ${version}`;
  log.info({ what, target }, 'downloading (cached for next time)');
  const artifact = `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`;
  await exec(mvn, ['-q', '-B', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${scratch}`], {
    cwd: join(repoRoot, 'stack'),
  });
  const archive = join(scratch, `apicurio-registry-app-${version}-all.tar.gz`);
  await exec('tar', ['-xzf', archive, '-C', scratch]);
  rmSync(archive);
  renameSync(scratch, target);
  log.info({ what, seconds: (Date.now() - started) / 1000 }, 'downloaded');
  return target;
}

/** Read by Quarkus from config/application.properties in the working directory. */
function applicationProperties(ctx: StackContext): string {
  const { host, port } = ctx.settings.registry;
  return [
    `quarkus.http.host=${host}`,
    `quarkus.http.port=${port}`,
    'apicurio.storage.kind=kafkasql',
    `apicurio.kafkasql.bootstrap.servers=${localKafkaBroker(ctx.settings)}`,
    `apicurio.kafkasql.topic=${journalTopic}`,
    `apicurio.kafkasql.snapshots.topic=${snapshotsTopic}`,
    // apicurio.kafkasql.topic.* are the journal's topic configs: it is the registry's only copy, so the
    // broker's 7-day retention must not apply to it.
    'apicurio.kafkasql.topic.retention.ms=-1',
    // With no rule of its own a subject gets this one: Confluent's default level.
    'apicurio.rules.global.compatibility=BACKWARD',
    '',
  ].join('\n');
}

export function apicurioService(ctx: StackContext): StackService {
  const dir = join(ctx.settings.stateDir, 'schema-registry');
  const logFile = join(dir, 'registry.log');
  const pidFile = join(dir, 'registry.pid');
  const { host, port, version } = ctx.settings.registry;
  const address = `${host}:${port}`;
  const url = localRegistryUrl(ctx.settings);
  const broker = localKafkaBroker(ctx.settings);

  async function ready(): Promise<boolean> {
    const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200;
  }

  return {
    name: 'schema-registry',
    address,
    async prepare() {
      await apicurioHome(ctx.settings.cacheDir, version);
      mkdirSync(join(dir, 'config'), { recursive: true });
      writeFileSync(join(dir, 'config', 'application.properties'), applicationProperties(ctx));
      await giveTo(dir, ctx.runAs);
    },
    async start() {
      if (livePid(pidFile) !== undefined) {
        await waitFor(ready, {
          timeoutMs: 60_000,
          what: `the schema registry to answer GET ${url}/subjects`,
        });
        return 'already running';
      }
      await assertPortFree(host, port, 'PROFILE_CDC_SCHEMA_REGISTRY_PORT');
      // Its schemas live in Kafka, which may be starting alongside it in the same `stack up`.
      await waitFor(() => portOpen(ctx.settings.kafka.host, ctx.settings.kafka.port), {
        timeoutMs: 120_000,
        what: `Kafka on ${broker}, where the schema registry keeps its schemas (start it: npx profile-cdc stack up)`,
      });
      const [home, javaHome] = await Promise.all([
        apicurioHome(ctx.settings.cacheDir, version),
        findJavaHome(),
      ]);
      const jar = join(home, `apicurio-registry-app-${version}-runner.jar`);
      const pid = spawnDetached(
        join(javaHome, 'bin', 'java'),
        ['-Xms128m', '-Xmx512m', '-Djava.awt.headless=true', '-jar', jar],
        { logFile, pidFile, env: process.env, cwd: dir, as: ctx.runAs },
      );
      const withLog = (message: string) => {
        const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-1500) : '';
        return new Error(`${message}${tail ? `\n${tail}` : ''}`);
      };
      // waitFor retries a check that throws, so a dead process is a result here, not an error.
      const outcome = await waitFor(async () => (isAlive(pid) ? (await ready()) && 'ready' : 'exited'), {
        timeoutMs: 120_000,
        what: `the schema registry to answer GET ${url}/subjects`,
      }).catch((err: Error) => {
        throw withLog(err.message);
      });
      if (outcome === 'exited') throw withLog(`the schema registry exited during start-up; see ${logFile}`);
      return 'started';
    },
    async stop() {
      const pid = livePid(pidFile);
      if (pid === undefined) return 'not running';
      await stopProcess(pid, 30_000, 'the schema registry');
      removeFile(pidFile);
      return 'stopped';
    },
    async status(): Promise<ServiceStatus> {
      const pid = livePid(pidFile);
      return { name: 'schema-registry', running: pid !== undefined, pid, address, logFile };
    },
  };
}
