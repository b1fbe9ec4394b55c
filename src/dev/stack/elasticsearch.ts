import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esNodePort, localEsUrls, localNodeCount } from '../../config/local-stack.ts';
import { exec } from '../../util/exec.ts';
import { waitFor } from '../../util/wait.ts';
import { elasticsearchHome } from './download.ts';
import { findJavaHome, giveTo } from './host.ts';
import { killProcess, livePid, stopAll } from './process.ts';
import { assertPortFree, type ServiceStatus, type StackContext, type StackService } from './service.ts';

type EsNode = { index: number; name: string; dir: string; port: number; transportPort: number };

/**
 * One node alone (`discovery.type: single-node`), or the cluster profile's two: the first is the only
 * master-eligible node and both hold data, so the second can be killed and the cluster goes on with the
 * replicas promoted. Two master-eligible nodes could not lose either (a quorum of two needs both).
 */
function elasticsearchYml(host: string, node: EsNode, all: readonly EsNode[]): string {
  const discovery =
    all.length === 1
      ? ['discovery.type: single-node']
      : [
          `discovery.seed_hosts: [${all.map((n) => `"${host}:${n.transportPort}"`).join(', ')}]`,
          `cluster.initial_master_nodes: ["${all[0]?.name}"]`,
          ...(node.index === 0 ? [] : ['node.roles: [data, ingest]']),
        ];
  return [
    'cluster.name: profile-cdc',
    `node.name: ${node.name}`,
    `path.data: ${join(node.dir, 'data')}`,
    `path.logs: ${join(node.dir, 'logs')}`,
    `network.host: ${host}`,
    `http.port: ${node.port}`,
    `transport.port: ${node.transportPort}`,
    ...discovery,
    'xpack.security.enabled: false',
    // A developer's disk may be fuller than a server's; never turn indices read-only for that here.
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    '',
  ].join('\n');
}

export function elasticsearchService(ctx: StackContext): StackService {
  const { host, port, transportPort, heap, version } = ctx.settings.es;
  const count = localNodeCount(ctx.settings).es;
  const nodes: EsNode[] = Array.from({ length: count }, (_, i) => ({
    index: i,
    name: count === 1 ? 'local' : `node-${i + 1}`,
    dir: join(ctx.settings.stateDir, count === 1 ? 'elasticsearch' : `elasticsearch-${i + 1}`),
    port: esNodePort(port, i),
    transportPort: esNodePort(transportPort, i),
  }));
  const pidFile = (node: EsNode) => join(node.dir, 'run', 'elasticsearch.pid');
  const logFile = (node: EsNode) => join(node.dir, 'logs', 'profile-cdc.log');
  const urls = localEsUrls(ctx.settings);
  const address = nodes.map((n) => `${host}:${n.port}`).join(',');

  /** Every node has joined and the cluster can serve (yellow while replicas are being placed). */
  async function ready(): Promise<boolean> {
    const res = await fetch(
      `${urls[0]}/_cluster/health?wait_for_status=yellow&wait_for_nodes=${encodeURIComponent(`>=${count}`)}&timeout=1s`,
    );
    if (!res.ok) return false;
    const health = (await res.json()) as { status?: string; number_of_nodes?: number };
    return (
      (health.status === 'green' || health.status === 'yellow') && (health.number_of_nodes ?? 0) >= count
    );
  }

  async function startNode(node: EsNode, home: string, javaHome: string): Promise<void> {
    await assertPortFree(host, node.port, 'PROFILE_CDC_ES_PORT');
    await assertPortFree(host, node.transportPort, 'PROFILE_CDC_ES_TRANSPORT_PORT');
    const env = {
      ...process.env,
      ES_PATH_CONF: join(node.dir, 'config'),
      ES_TMPDIR: join(node.dir, 'tmp'),
      ES_JAVA_HOME: javaHome,
      ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}`,
    };
    // -d returns once the node has started (or failed to), the pid file then names the node.
    await exec(join(home, 'bin', 'elasticsearch'), ['-d', '-p', pidFile(node)], {
      env,
      cwd: node.dir,
      as: ctx.runAs,
    }).catch((err: Error) => {
      throw new Error(`Elasticsearch ${node.name} failed to start; see ${logFile(node)}\n${err.message}`);
    });
  }

  return {
    name: 'elasticsearch',
    address,
    async prepare() {
      const home = await elasticsearchHome(ctx.settings.cacheDir, version);
      for (const node of nodes) {
        for (const sub of ['data', 'logs', 'tmp', 'run']) mkdirSync(join(node.dir, sub), { recursive: true });
        // The distribution stays read-only in the cache; each node gets its own config folder.
        const conf = join(node.dir, 'config');
        if (!existsSync(conf)) cpSync(join(home, 'config'), conf, { recursive: true });
        writeFileSync(join(conf, 'elasticsearch.yml'), elasticsearchYml(host, node, nodes));
        await giveTo(node.dir, ctx.runAs);
      }
    },
    async start() {
      const stopped = nodes.filter((n) => livePid(pidFile(n)) === undefined);
      const what = `Elasticsearch cluster health yellow with ${count} node(s)`;
      if (stopped.length === 0) {
        await waitFor(ready, { timeoutMs: 60_000, what });
        return 'already running';
      }
      const [home, javaHome] = await Promise.all([
        elasticsearchHome(ctx.settings.cacheDir, version),
        findJavaHome(),
      ]);
      await Promise.all(stopped.map((node) => startNode(node, home, javaHome)));
      await waitFor(ready, { timeoutMs: 90_000 * count, what });
      return 'started';
    },
    stop: () =>
      stopAll(
        nodes.map((n) => ({ pidFile: pidFile(n), what: `Elasticsearch ${n.name}` })),
        60_000,
      ),
    async kill(index: number) {
      const node = nodes[index];
      if (!node) throw new Error(`the stack has ${count} Elasticsearch node(s), not a node ${index + 1}`);
      await killProcess(pidFile(node), `Elasticsearch ${node.name}`);
    },
    async status(): Promise<ServiceStatus> {
      const pids = nodes.map((n) => livePid(pidFile(n)));
      return {
        name: 'elasticsearch',
        running: pids.every((p) => p !== undefined),
        pid: pids.find((p) => p !== undefined),
        address,
        logFile: logFile(nodes[0] as EsNode),
      };
    },
  };
}
