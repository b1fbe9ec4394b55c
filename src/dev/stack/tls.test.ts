import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { issueCertificate } from './tls.ts';

test('a CA and a server certificate it signs, for the names asked; validity as asked (an expired one for tests)', async () => {
  const ca = await issueCertificate({ commonName: 'test CA', hosts: [] });
  const server = await issueCertificate({ commonName: 'localhost', hosts: ['localhost', '127.0.0.1'] }, ca);
  const caCert = new X509Certificate(ca.cert);
  const cert = new X509Certificate(server.cert);
  assert.ok(caCert.ca);
  assert.ok(cert.verify(caCert.publicKey), 'signed by the CA');
  assert.ok(cert.checkIssued(caCert));
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkHost('elsewhere.example'), undefined);
  assert.ok(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(server.key)));
  const expired = await issueCertificate(
    {
      commonName: 'localhost',
      hosts: ['localhost'],
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2020-02-01'),
    },
    ca,
  );
  assert.ok(new Date(new X509Certificate(expired.cert).validTo) < new Date());
});
