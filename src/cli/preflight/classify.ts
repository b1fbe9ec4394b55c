import { errorChain } from '../../util/error-chain.ts';

/** The services the pipeline connects to, and the settings that say how. */
export type Service = 'postgresql' | 'kafka' | 'elasticsearch';

/** A failure no retry can mend (a certificate, a password): the setting to fix and why. */
export type Misconfiguration = { setting: string; reason: string };

type Facts = { codes: Set<string>; names: Set<string>; messages: string[]; status: number | undefined };

/** OpenSSL's messages, for clients that pass on only the message (the Elasticsearch client). */
const tlsMessages: [RegExp, string][] = [
  [/unable to verify the first certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  [/self[- ]signed certificate in certificate chain/i, 'SELF_SIGNED_CERT_IN_CHAIN'],
  [/unable to get local issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  [/certificate has expired/i, 'CERT_HAS_EXPIRED'],
  [/certificate is not yet valid/i, 'CERT_NOT_YET_VALID'],
  [/does not match certificate's altnames/i, 'ERR_TLS_CERT_ALTNAME_INVALID'],
];

/** Codes, names, messages and HTTP status along an error's chain. */
function facts(err: unknown): Facts {
  const f: Facts = { codes: new Set(), names: new Set(), messages: [], status: undefined };
  for (const o of errorChain(err)) {
    if (typeof o.code === 'string') f.codes.add(o.code);
    if (typeof o.name === 'string') f.names.add(o.name);
    if (typeof o.message === 'string') {
      f.messages.push(o.message);
      for (const [re, code] of tlsMessages) if (re.test(o.message)) f.codes.add(code);
    }
    const meta = o.meta as { statusCode?: unknown } | undefined;
    if (typeof meta?.statusCode === 'number' && meta.statusCode > 0) f.status = meta.statusCode;
  }
  return f;
}

const untrusted = [
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
];

const settings = {
  postgresql: { ca: 'postgres.sslRootCert', host: 'postgres.host', password: 'postgres.password' },
  kafka: { ca: 'kafka.tlsCaFile', host: 'kafka.brokers', password: 'kafka.sasl.password' },
  elasticsearch: { ca: 'elasticsearch.caFile', host: 'elasticsearch.node', password: 'elasticsearch.apiKey' },
} as const;

/**
 * Tells a failed first connection that configuration must fix (TLS trust, host name, expired
 * certificate, refused credentials) from one a retry may mend (refused, timed out, unavailable). Pure.
 */
export function misconfiguration(service: Service, err: unknown): Misconfiguration | null {
  const f = facts(err);
  const code = (codes: readonly string[]) => codes.find((c) => f.codes.has(c));
  const s = settings[service];
  const expired = code(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
  if (expired)
    return {
      setting: s.host,
      reason: `the server's certificate is ${expired === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'} (${expired}): the server needs a current one`,
    };
  if (code(['ERR_TLS_CERT_ALTNAME_INVALID']))
    return {
      setting: s.host,
      reason: `the server's certificate is not issued for this host name (ERR_TLS_CERT_ALTNAME_INVALID): connect by a name the certificate lists`,
    };
  const notTrusted = code(untrusted);
  if (notTrusted)
    return {
      setting: s.ca,
      reason: `the server's certificate is not signed by a trusted CA (${notTrusted}): give the CA that signed it`,
    };
  if (service === 'postgresql') {
    if (f.codes.has('28P01'))
      return { setting: s.password, reason: 'PostgreSQL refused the password (28P01)' };
    if (f.codes.has('28000')) {
      const noTls = f.messages.some((m) => /no encryption/.test(m));
      return noTls
        ? {
            setting: 'postgres.ssl',
            reason: 'the server accepts this role only over TLS (pg_hba.conf, 28000)',
          }
        : {
            setting: 'postgres.user',
            reason: `pg_hba.conf refuses this role (28000): ${f.messages[0] ?? ''}`,
          };
    }
  }
  if (
    service === 'kafka' &&
    (f.names.has('KafkaJSSASLAuthenticationError') || f.codes.has('SASL_AUTHENTICATION_FAILED'))
  )
    return {
      setting: s.password,
      reason: 'Kafka refused the SASL credentials (kafka.sasl.username, kafka.sasl.password)',
    };
  if (service === 'elasticsearch' && f.status === 401)
    return {
      setting: s.password,
      reason: 'Elasticsearch refused the credentials (401): elasticsearch.apiKey, or username and password',
    };
  if (service === 'elasticsearch' && f.status === 403)
    return {
      setting: s.password,
      reason: 'the credential lacks a privilege (403): see profile-cdc setup --print-es-role',
    };
  return null;
}
