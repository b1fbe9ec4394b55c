import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { log } from '../../util/log.ts';

export type Health = {
  /** Liveness: false only when the process cannot recover by itself (a restart would help). */
  live(): { ok: boolean; reasons: string[] };
  /** Readiness: dependencies reachable and the pipeline moving. */
  ready(): { ok: boolean; reasons: string[] };
};

/** /metrics (Prometheus text), /healthz (liveness) and /readyz (readiness) on one port. */
export async function startHttp(
  bind: { host?: string | undefined; port: number },
  registry: Registry,
  health: Health,
): Promise<Server> {
  const { host, port } = bind;
  const server = createServer((req, res) => {
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const check = (result: { ok: boolean; reasons: string[] }) =>
      reply(
        result.ok ? 200 : 503,
        'application/json',
        `${JSON.stringify({ status: result.ok ? 'ok' : 'unavailable', reasons: result.reasons })}\n`,
      );
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => reply(200, registry.contentType, text),
        (err: Error) => reply(500, 'text/plain', `${err.message}\n`),
      );
    } else if (path === '/healthz') check(health.live());
    else if (path === '/readyz') check(health.ready());
    else reply(404, 'text/plain', 'not found: try /metrics, /healthz or /readyz\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  log.info(
    { host: host ?? 'all interfaces', port: typeof address === 'object' && address ? address.port : port },
    'metrics and health endpoints up',
  );
  return server;
}
