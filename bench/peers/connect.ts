/**
 * Kafka Connect in standalone mode for the peers benchmark: the worker's jars (bench/peers/connect.pom.xml,
 * the local stack's Kafka release) and the plugins (Debezium's PostgreSQL connector, Apicurio's Avro
 * converter) from Maven Central, downloaded once into the cache; a worker started with one connector and
 * timed until its task runs; stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cached } from '../../src/dev/stack/download.ts';
import { findJavaHome, requireMaven } from '../../src/dev/stack/host.ts';
import { repoRoot } from '../../src/dev/stack/settings.ts';
import { exec } from '../../src/util/exec.ts';
import { waitFor } from '../../src/util/wait.ts';
import { type Cleanup, settings } from '../support.ts';

export const versions = {
  connect: settings.kafka.version,
  debezium: '3.6.1.Final',
  // The newest converter whose jars Maven Central serves here; it speaks the registry's v2 API, which
  // Apicurio Registry 3 still serves beside v3 (the 3.x converters' jars are not to be had).
  apicurio: '2.6.13.Final',
};

/** The worker's heap flags: a JVM's RSS follows its heap, so the summary prints them. */
export const heapFlags = (heap: string): string[] => ['-Xms256m', `-Xmx${heap}`];

export type ConnectInstall = { libs: string; pluginPath: string };

const pom = (file: string) => join(repoRoot, 'bench', 'peers', file);

/** mvn dependency:copy-dependencies of one pom into a folder; Kafka's own jars stay the worker's. */
async function copyDependencies(file: string, out: string, properties: string[], excludeKafka: boolean) {
  const mvn = await requireMaven();
  await exec(mvn, [
    ...['-q', '-B', '-f', pom(file), 'dependency:copy-dependencies', `-DoutputDirectory=${out}`],
    ...properties,
    ...(excludeKafka ? ['-DexcludeGroupIds=org.apache.kafka'] : []),
  ]);
}

export async function connectInstall(): Promise<ConnectInstall> {
  const { cacheDir } = settings;
  const { connect, debezium, apicurio } = versions;
  const home = await cached(
    join(cacheDir, `kafka-connect-${connect}`),
    `Kafka Connect ${connect}`,
    (scratch) =>
      copyDependencies('connect.pom.xml', join(scratch, 'libs'), [`-Dkafka.version=${connect}`], false),
  );
  // plugin.path names a folder whose sub-folders are one plugin each, isolated in its own class loader.
  const plugins = await cached(
    join(cacheDir, `connect-plugins-debezium-${debezium}-apicurio-${apicurio}`),
    `Debezium ${debezium} and Apicurio's converter ${apicurio}`,
    async (scratch) => {
      await copyDependencies(
        'debezium.pom.xml',
        join(scratch, 'debezium'),
        [`-Ddebezium.version=${debezium}`],
        true,
      );
      await copyDependencies(
        'apicurio.pom.xml',
        join(scratch, 'apicurio'),
        [`-Dapicurio.version=${apicurio}`],
        true,
      );
    },
  );
  return { libs: join(home, 'libs'), pluginPath: plugins };
}

export type Properties = Record<string, string | number | boolean>;

const propertiesText = (p: Properties) =>
  `${Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export type RunningConnect = {
  pid: number;
  /** From spawn until the connector's task is RUNNING (JVM, plugin scan, worker, connector start). */
  startupSeconds: number;
  stop(): Promise<void>;
  logTail(): string;
};

/**
 * Starts a standalone worker in `dir` (its properties, offsets file and log) with one connector, and
 * waits until the connector's task reports RUNNING on the worker's REST API.
 */
export async function startConnect(options: {
  install: ConnectInstall;
  dir: string;
  worker: Properties;
  connector: Properties & { name: string };
  heap: string;
  /** Told to stop the worker as soon as it is spawned, so a Ctrl-C during start-up leaves none behind. */
  cleanup: Cleanup;
}): Promise<RunningConnect> {
  const { install, dir, connector, heap } = options;
  const port = await freePort();
  const logFile = join(dir, `${connector.name}.log`);
  const workerFile = join(dir, `${connector.name}-worker.properties`);
  const connectorFile = join(dir, `${connector.name}.properties`);
  const log4jFile = join(dir, `${connector.name}-log4j.properties`);
  writeFileSync(
    workerFile,
    propertiesText({
      ...options.worker,
      'offset.storage.file.filename': join(dir, `${connector.name}.offsets`),
      'plugin.path': install.pluginPath,
      listeners: `http://127.0.0.1:${port}`,
    }),
  );
  writeFileSync(connectorFile, propertiesText(connector));
  writeFileSync(
    log4jFile,
    propertiesText({
      'log4j.rootLogger': 'INFO, file',
      'log4j.appender.file': 'org.apache.log4j.FileAppender',
      'log4j.appender.file.File': logFile,
      'log4j.appender.file.layout': 'org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern': '[%d] %p %m (%c)%n',
    }),
  );
  const java = join(await findJavaHome(), 'bin', 'java');
  const out = openSync(logFile, 'a');
  const started = performance.now();
  const child: ChildProcess = spawn(
    java,
    [
      ...[...heapFlags(heap), '-XX:+UseG1GC', '-Djava.awt.headless=true'],
      ...[`-Dlog4j.configuration=file:${log4jFile}`, '-cp', `${install.libs}/*`],
      ...['org.apache.kafka.connect.cli.ConnectStandalone', workerFile, connectorFile],
    ],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${java}`);
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const logTail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '');
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(killed);
  };
  options.cleanup.add(`stop Kafka Connect (${connector.name})`, stop);
  const status = `http://127.0.0.1:${port}/connectors/${encodeURIComponent(connector.name)}/status`;
  // waitFor retries a check that throws (the REST server is not up yet), so an end is a result here.
  const outcome = await waitFor(
    async () => {
      if (exited) return 'Kafka Connect exited';
      const res = await fetch(status, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { tasks?: { state: string; trace?: string }[] };
      const task = body.tasks?.[0];
      if (task?.state === 'FAILED') return `the connector's task failed: ${task.trace ?? ''}`;
      return task?.state === 'RUNNING' && 'running';
    },
    { timeoutMs: 180_000, intervalMs: 50, what: `the connector ${connector.name} to run` },
  ).catch((err: Error) => err.message);
  if (outcome !== 'running') {
    await stop();
    throw new Error(`${outcome}\n--- ${logFile} ---\n${logTail()}`);
  }
  return { pid, startupSeconds: (performance.now() - started) / 1000, stop, logTail };
}
