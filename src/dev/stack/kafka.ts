import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaNodePort, localKafkaBrokers, localNodeCount } from '../../config/local-stack.ts';
import { exec } from '../../util/exec.ts';
import { waitFor } from '../../util/wait.ts';
import { kafkaLibs } from './download.ts';
import { findJavaHome, giveTo } from './host.ts';
import { isAlive, killProcess, livePid, spawnDetached, stopAll } from './process.ts';
import { kafkaScramUsers, kafkaSecureProperties, type SecureStack, secureStack } from './secure.ts';
import { assertPortFree, type ServiceStatus, type StackContext, type StackService } from './service.ts';

/** One broker of the local stack; every broker is also a KRaft controller. */
type KafkaNode = { id: number; dir: string; port: number; controllerPort: number };

function serverProperties(
  host: string,
  node: KafkaNode,
  all: readonly KafkaNode[],
  secure: SecureStack | undefined,
): string {
  // Internal topics are replicated to every broker (three in the cluster profile, as in production).
  const replicas = all.length;
  const listeners = secure
    ? kafkaSecureProperties(host, node.port, node.controllerPort, node.dir, secure)
    : [
        `listeners=PLAINTEXT://${host}:${node.port},CONTROLLER://${host}:${node.controllerPort}`,
        `advertised.listeners=PLAINTEXT://${host}:${node.port}`,
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        'inter.broker.listener.name=PLAINTEXT',
      ];
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${all.map((n) => `${n.id}@${host}:${n.controllerPort}`).join(',')}`,
    'controller.listener.names=CONTROLLER',
    ...listeners,
    `log.dirs=${join(node.dir, 'data')}`,
    'num.partitions=3',
    // Topics are created explicitly with their partitions and settings; a typo must not make a new one.
    'auto.create.topics.enable=false',
    `default.replication.factor=${replicas}`,
    `offsets.topic.replication.factor=${replicas}`,
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${Math.min(2, replicas)}`,
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

/** The cluster id an earlier `prepare` formatted a node with, so every node joins the same cluster. */
function formattedClusterId(nodes: readonly KafkaNode[]): string | undefined {
  for (const node of nodes) {
    const meta = join(node.dir, 'data', 'meta.properties');
    if (existsSync(meta)) return /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1]?.trim();
  }
  return undefined;
}

export function kafkaService(ctx: StackContext): StackService {
  const { host, port, controllerPort, heap, version } = ctx.settings.kafka;
  const count = localNodeCount(ctx.settings).kafka;
  const nodes: KafkaNode[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    dir: join(ctx.settings.stateDir, count === 1 ? 'kafka' : `kafka-${i + 1}`),
    port: kafkaNodePort(port, i),
    controllerPort: kafkaNodePort(controllerPort, i),
  }));
  const files = (node: KafkaNode) => ({
    props: join(node.dir, 'server.properties'),
    log4j: join(node.dir, 'log4j.properties'),
    logFile: join(node.dir, 'server.log'),
    stdoutFile: join(node.dir, 'stdout.log'),
    pidFile: join(node.dir, 'kafka.pid'),
  });
  const brokers = localKafkaBrokers(ctx.settings);
  const address = brokers.join(',');

  const secured = async () => (ctx.settings.secure ? secureStack(ctx.settings) : undefined);

  /** Every broker is registered and answers: a cluster with a broker missing is not "up". */
  async function ready(): Promise<boolean> {
    const s = await secured();
    const admin = new Kafka({
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      ...(s
        ? {
            ssl: { ca: [s.tls.ca.cert] },
            sasl: { mechanism: 'scram-sha-512' as const, ...s.credentials.kafkaAdmin },
          }
        : {}),
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length >= count;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  function java(
    node: KafkaNode,
    javaHome: string,
    libs: string,
    main: string,
    args: string[],
    jvm: string[] = [],
  ) {
    return [
      join(javaHome, 'bin', 'java'),
      [...jvm, `-Dlog4j.configuration=file:${files(node).log4j}`, '-cp', `${libs}/*`, main, ...args],
    ] as const;
  }

  async function startNode(node: KafkaNode, javaHome: string, libs: string): Promise<number> {
    const f = files(node);
    await assertPortFree(host, node.port, 'PROFILE_CDC_KAFKA_PORT');
    await assertPortFree(host, node.controllerPort, 'PROFILE_CDC_KAFKA_CONTROLLER_PORT');
    const jvm = [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
    ];
    const [cmd, args] = java(node, javaHome, libs, 'kafka.Kafka', [f.props], jvm);
    return spawnDetached(cmd, args, {
      logFile: f.stdoutFile,
      pidFile: f.pidFile,
      env: process.env,
      cwd: node.dir,
      as: ctx.runAs,
    });
  }

  return {
    name: 'kafka',
    address,
    async prepare() {
      const [javaHome, libs] = await Promise.all([findJavaHome(), kafkaLibs(ctx.settings.cacheDir, version)]);
      const clusterId = formattedClusterId(nodes) ?? newClusterId();
      const s = await secured();
      for (const node of nodes) {
        const f = files(node);
        mkdirSync(join(node.dir, 'data'), { recursive: true });
        writeFileSync(f.props, serverProperties(host, node, nodes, s));
        if (s) {
          // Copies of its own: the broker runs as the stack's user, who cannot read the stack's TLS folder.
          const keyStore = `${s.tls.server.key}${s.tls.server.cert}`;
          writeFileSync(join(node.dir, 'keystore.pem'), keyStore, { mode: 0o600 });
          writeFileSync(join(node.dir, 'truststore.pem'), s.tls.ca.cert);
        }
        writeFileSync(f.log4j, log4jProperties(f.logFile));
        if (!existsSync(join(node.dir, 'data', 'meta.properties'))) {
          const [cmd, args] = java(node, javaHome, libs, 'kafka.tools.StorageTool', [
            'format',
            '-t',
            clusterId,
            '-c',
            f.props,
            ...(s ? kafkaScramUsers(s) : []),
          ]);
          await exec(cmd, args);
        }
        await giveTo(node.dir, ctx.runAs);
      }
    },
    async start() {
      const stopped = nodes.filter((n) => livePid(files(n).pidFile) === undefined);
      if (stopped.length === 0) {
        await waitFor(ready, { timeoutMs: 60_000, what: 'Kafka to answer a metadata request' });
        return 'already running';
      }
      const [javaHome, libs] = await Promise.all([findJavaHome(), kafkaLibs(ctx.settings.cacheDir, version)]);
      const started = new Map<KafkaNode, number>();
      for (const node of stopped) started.set(node, await startNode(node, javaHome, libs));
      await waitFor(
        async () => {
          for (const [node, pid] of started) {
            const f = files(node);
            if (!isAlive(pid))
              throw new Error(
                `Kafka broker ${node.id} exited during start-up; see ${f.logFile} and ${f.stdoutFile}`,
              );
          }
          return ready();
        },
        {
          timeoutMs: 90_000 * count,
          what: `${count === 1 ? 'Kafka' : `all ${count} Kafka brokers`} to answer a metadata request`,
        },
      ).catch((err: Error) => {
        const stdout = files(stopped[0] as KafkaNode).stdoutFile;
        const tail = existsSync(stdout) ? readFileSync(stdout, 'utf8').slice(-1500) : '';
        throw new Error(`${err.message}${tail ? `\n${tail}` : ''}`);
      });
      return 'started';
    },
    stop: () =>
      stopAll(
        nodes.map((n) => ({ pidFile: files(n).pidFile, what: `Kafka broker ${n.id}` })),
        30_000,
      ),
    async kill(index: number) {
      const node = nodes[index];
      if (!node) throw new Error(`the stack has ${count} Kafka broker(s), not a broker ${index + 1}`);
      await killProcess(files(node).pidFile, `Kafka broker ${node.id}`);
    },
    async status(): Promise<ServiceStatus> {
      const pids = nodes.map((n) => livePid(files(n).pidFile));
      return {
        name: 'kafka',
        running: pids.every((p) => p !== undefined),
        pid: pids.find((p) => p !== undefined),
        address,
        logFile: files(nodes[0] as KafkaNode).logFile,
      };
    },
  };
}
