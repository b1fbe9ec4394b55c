import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * An https endpoint in front of a plain Elasticsearch (the integ-test-zip has no security module): TLS
 * with the given certificate, and the `Authorization: ApiKey <key>` header checked on every request as
 * Elasticsearch would (401 otherwise). It keeps every Authorization header it received.
 */
export async function elasticsearchTlsProxy(options: {
  cert: string;
  key: string;
  upstream: string;
  apiKey: string;
}): Promise<{ url: string; authorizations: string[]; close(): Promise<void> }> {
  const upstream = new URL(options.upstream);
  const authorizations: string[] = [];
  const server: Server = createServer({ cert: options.cert, key: options.key }, (req, res) => {
    const auth = req.headers.authorization ?? '';
    authorizations.push(auth);
    if (auth !== `ApiKey ${options.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'ApiKey' });
      res.end(
        JSON.stringify({
          error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials' },
          status: 401,
        }),
      );
      return;
    }
    const { authorization: _, host: __, ...headers } = req.headers;
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(err.message);
    });
    req.pipe(forward);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    authorizations,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
