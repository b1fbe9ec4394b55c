import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localEsUrl } from '../../config/local-stack.ts';
import { exec } from '../../util/exec.ts';
import { waitFor } from '../../util/wait.ts';
import { elasticsearchHome } from './download.ts';
import { findJavaHome, giveTo } from './host.ts';
import { livePid, removeFile, stopProcess } from './process.ts';
import { assertPortFree, type ServiceStatus, type StackContext, type StackService } from './service.ts';

function elasticsearchYml(ctx: StackContext, dir: string): string {
  const { host, port, transportPort } = ctx.settings.es;
  return [
    'cluster.name: profile-cdc',
    'node.name: local',
    `path.data: ${join(dir, 'data')}`,
    `path.logs: ${join(dir, 'logs')}`,
    `network.host: ${host}`,
    `http.port: ${port}`,
    `transport.port: ${transportPort}`,
    'discovery.type: single-node',
    'xpack.security.enabled: false',
    // A developer's disk may be fuller than a server's; never turn indices read-only for that here.
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    '',
  ].join('\n');
}

export function elasticsearchService(ctx: StackContext): StackService {
  const dir = join(ctx.settings.stateDir, 'elasticsearch');
  const conf = join(dir, 'config');
  const runDir = join(dir, 'run');
  const pidFile = join(runDir, 'elasticsearch.pid');
  const logFile = join(dir, 'logs', 'profile-cdc.log');
  const { host, port, heap, version } = ctx.settings.es;
  const url = localEsUrl(ctx.settings);

  async function ready(): Promise<boolean> {
    const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`);
    if (!res.ok) return false;
    const health = (await res.json()) as { status?: string };
    return health.status === 'green' || health.status === 'yellow';
  }

  return {
    name: 'elasticsearch',
    address: `${host}:${port}`,
    async prepare() {
      const home = await elasticsearchHome(ctx.settings.cacheDir, version);
      for (const sub of ['data', 'logs', 'tmp', 'run']) mkdirSync(join(dir, sub), { recursive: true });
      // The distribution stays read-only in the cache; the node gets its own config folder.
      if (!existsSync(conf)) cpSync(join(home, 'config'), conf, { recursive: true });
      writeFileSync(join(conf, 'elasticsearch.yml'), elasticsearchYml(ctx, dir));
      await giveTo(dir, ctx.runAs);
    },
    async start() {
      if (livePid(pidFile) !== undefined) {
        await waitFor(ready, { timeoutMs: 60_000, what: 'Elasticsearch cluster health yellow' });
        return 'already running';
      }
      await assertPortFree(host, port, 'PROFILE_CDC_ES_PORT');
      await assertPortFree(host, ctx.settings.es.transportPort, 'PROFILE_CDC_ES_TRANSPORT_PORT');
      const [home, javaHome] = await Promise.all([
        elasticsearchHome(ctx.settings.cacheDir, version),
        findJavaHome(),
      ]);
      const env = {
        ...process.env,
        ES_PATH_CONF: conf,
        ES_TMPDIR: join(dir, 'tmp'),
        ES_JAVA_HOME: javaHome,
        ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}`,
      };
      // -d returns once the node has started (or failed to), the pid file then names the node.
      await exec(join(home, 'bin', 'elasticsearch'), ['-d', '-p', pidFile], {
        env,
        cwd: dir,
        as: ctx.runAs,
      }).catch((err: Error) => {
        throw new Error(`Elasticsearch failed to start; see ${logFile}\n${err.message}`);
      });
      await waitFor(ready, { timeoutMs: 90_000, what: 'Elasticsearch cluster health yellow' });
      return 'started';
    },
    async stop() {
      const pid = livePid(pidFile);
      if (pid === undefined) return 'not running';
      await stopProcess(pid, 60_000, 'Elasticsearch');
      removeFile(pidFile);
      return 'stopped';
    },
    async status(): Promise<ServiceStatus> {
      const pid = livePid(pidFile);
      return { name: 'elasticsearch', running: pid !== undefined, pid, address: `${host}:${port}`, logFile };
    },
  };
}
