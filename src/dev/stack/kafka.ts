import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { localKafkaBroker } from '../../config/local-stack.ts';
import { exec } from '../../util/exec.ts';
import { waitFor } from '../../util/wait.ts';
import { kafkaLibs } from './download.ts';
import { findJavaHome, giveTo } from './host.ts';
import { isAlive, livePid, removeFile, spawnDetached, stopProcess } from './process.ts';
import { assertPortFree, type ServiceStatus, type StackContext, type StackService } from './service.ts';

/** Single-node KRaft: this one process is both broker and controller. */
function serverProperties(ctx: StackContext, dataDir: string): string {
  const { host, port, controllerPort } = ctx.settings.kafka;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    // Topics are created explicitly with their partitions and settings; a typo must not make a new one.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function log4jProperties(logFile: string): string {
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.org.apache.kafka.controller=INFO',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as Kafka's Uuid prints it. */
const newClusterId = () => randomBytes(16).toString('base64url');

export function kafkaService(ctx: StackContext): StackService {
  const dir = join(ctx.settings.stateDir, 'kafka');
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const stdoutFile = join(dir, 'stdout.log');
  const pidFile = join(dir, 'kafka.pid');
  const props = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j.properties');
  const { host, port, heap, version } = ctx.settings.kafka;
  const address = localKafkaBroker(ctx.settings);

  async function ready(): Promise<boolean> {
    const admin = new Kafka({
      brokers: [address],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  function java(javaHome: string, libs: string, main: string, args: string[], jvm: string[] = []) {
    return [
      join(javaHome, 'bin', 'java'),
      [...jvm, `-Dlog4j.configuration=file:${log4j}`, '-cp', `${libs}/*`, main, ...args],
    ] as const;
  }

  return {
    name: 'kafka',
    address,
    async prepare() {
      const [javaHome, libs] = await Promise.all([findJavaHome(), kafkaLibs(ctx.settings.cacheDir, version)]);
      mkdirSync(data, { recursive: true });
      writeFileSync(props, serverProperties(ctx, data));
      writeFileSync(log4j, log4jProperties(logFile));
      if (!existsSync(join(data, 'meta.properties'))) {
        const [cmd, args] = java(javaHome, libs, 'kafka.tools.StorageTool', [
          'format',
          '-t',
          newClusterId(),
          '-c',
          props,
        ]);
        await exec(cmd, args);
      }
      await giveTo(dir, ctx.runAs);
    },
    async start() {
      if (livePid(pidFile) !== undefined) {
        await waitFor(ready, { timeoutMs: 60_000, what: 'Kafka to answer a metadata request' });
        return 'already running';
      }
      await assertPortFree(host, port, 'PROFILE_CDC_KAFKA_PORT');
      await assertPortFree(host, ctx.settings.kafka.controllerPort, 'PROFILE_CDC_KAFKA_CONTROLLER_PORT');
      const [javaHome, libs] = await Promise.all([findJavaHome(), kafkaLibs(ctx.settings.cacheDir, version)]);
      const jvm = [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
      ];
      const [cmd, args] = java(javaHome, libs, 'kafka.Kafka', [props], jvm);
      const pid = spawnDetached(cmd, args, {
        logFile: stdoutFile,
        pidFile,
        env: process.env,
        cwd: dir,
        as: ctx.runAs,
      });
      await waitFor(
        async () => {
          if (!isAlive(pid))
            throw new Error(`Kafka exited during start-up; see ${logFile} and ${stdoutFile}`);
          return ready();
        },
        { timeoutMs: 90_000, what: 'Kafka to answer a metadata request' },
      ).catch((err: Error) => {
        const tail = existsSync(stdoutFile) ? readFileSync(stdoutFile, 'utf8').slice(-1500) : '';
        throw new Error(`${err.message}${tail ? `\n${tail}` : ''}`);
      });
      return 'started';
    },
    async stop() {
      const pid = livePid(pidFile);
      if (pid === undefined) return 'not running';
      await stopProcess(pid, 30_000, 'Kafka');
      removeFile(pidFile);
      return 'stopped';
    },
    async status(): Promise<ServiceStatus> {
      const pid = livePid(pidFile);
      return { name: 'kafka', running: pid !== undefined, pid, address, logFile };
    },
  };
}
