import type { PipelineConfig } from './pipeline.ts';

/** Connection string of a connector's database: an explicit URL, else host/port/user/password and TLS. */
export function databaseUrl(config: PipelineConfig['postgres'], database: string): string {
  const explicit = config.urls[database];
  if (explicit) return explicit;
  const auth = config.password
    ? `${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}`
    : encodeURIComponent(config.user);
  const params = new URLSearchParams();
  // node-postgres reads sslmode=require as verify-full unless asked for libpq's meaning.
  if (config.ssl === 'require') params.set('uselibpqcompat', 'true');
  if (config.ssl !== 'disable') params.set('sslmode', config.ssl);
  // node-postgres turns TLS on for any sslrootcert, so it goes only with a mode that asks for TLS.
  if (config.sslRootCert && config.ssl !== 'disable') params.set('sslrootcert', config.sslRootCert);
  const query = params.size > 0 ? `?${params}` : '';
  return `postgres://${auth}@${config.host}:${config.port}/${encodeURIComponent(database)}${query}`;
}
