import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type forge from 'node-forge';

/** A certificate and its private key (PKCS#8), PEM. */
export type KeyPair = { cert: string; key: string };

export type CertificateRequest = {
  commonName: string;
  /** Host names and IP addresses the certificate is valid for (subjectAltName). */
  hosts: readonly string[];
  notBefore?: Date;
  notAfter?: Date;
};

const day = 86_400_000;
const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');

/** A fresh 2048-bit RSA key (Node's crypto: fast), as PKCS#8 PEM. */
const newKey = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

/**
 * Issues an X.509 certificate: a CA's own (no `ca` given) or a server's signed by `ca`. node-forge builds
 * it (Node's crypto cannot), so validity and names can be anything a test needs: expired, another host.
 */
export async function issueCertificate(request: CertificateRequest, ca?: KeyPair): Promise<KeyPair> {
  const { pki, md } = (await import('node-forge')).default;
  const key = newKey();
  const cert = pki.createCertificate();
  const privateKey = pki.privateKeyFromPem(key) as forge.pki.rsa.PrivateKey;
  cert.publicKey = pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = request.notBefore ?? new Date(Date.now() - day);
  cert.validity.notAfter = request.notAfter ?? new Date(Date.now() + 825 * day);
  const subject = [
    { name: 'commonName', value: request.commonName },
    { name: 'organizationName', value: 'profile-cdc local stack' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(ca ? pki.certificateFromPem(ca.cert).subject.attributes : subject);
  cert.setExtensions(
    ca
      ? [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
          {
            name: 'subjectAltName',
            altNames: request.hosts.map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h })),
          },
        ]
      : [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ],
  );
  cert.sign(pki.privateKeyFromPem(ca?.key ?? key), md.sha256.create());
  return { cert: pki.certificateToPem(cert), key };
}

/** Where the secured stack keeps its CA and server certificate. */
export type StackTls = {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: KeyPair;
  server: KeyPair;
};

/**
 * The secured stack's CA and one server certificate for `hosts` (PostgreSQL and Kafka share it), made on
 * the first start and kept in `dir`, so clients configured once keep trusting the stack.
 */
export async function stackTls(dir: string, hosts: readonly string[]): Promise<StackTls> {
  const paths = {
    dir,
    caFile: join(dir, 'ca.pem'),
    caKeyFile: join(dir, 'ca-key.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server-key.pem'),
  };
  if (!existsSync(paths.keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const ca = await issueCertificate({ commonName: 'profile-cdc local CA', hosts: [] });
    const server = await issueCertificate({ commonName: hosts[0] ?? 'localhost', hosts }, ca);
    writeFileSync(paths.caFile, ca.cert);
    writeFileSync(paths.caKeyFile, ca.key, { mode: 0o600 });
    writeFileSync(paths.certFile, server.cert);
    writeFileSync(paths.keyFile, server.key, { mode: 0o600 });
  }
  const read = (f: string) => readFileSync(f, 'utf8');
  return {
    dir,
    caFile: paths.caFile,
    certFile: paths.certFile,
    keyFile: paths.keyFile,
    ca: { cert: read(paths.caFile), key: read(paths.caKeyFile) },
    server: { cert: read(paths.certFile), key: read(paths.keyFile) },
  };
}
