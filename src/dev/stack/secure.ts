import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StackSettings } from './settings.ts';
import { type StackTls, stackTls } from './tls.ts';

/**
 * The secured profile (`stack up --secure`): PostgreSQL over TLS with scram-sha-256 for the pipeline's
 * role, Kafka on a SASL_SSL listener with SCRAM-SHA-512 users and ACLs enforced. Its credentials are made
 * on the first start and kept beside the certificates (mode 0600).
 */
const credentialsSchema = z.object({
  kafkaAdmin: z.object({ username: z.string(), password: z.string() }),
  kafkaPipeline: z.object({ username: z.string(), password: z.string() }),
  pgPipeline: z.object({ user: z.string(), password: z.string() }),
});
export type SecureCredentials = z.infer<typeof credentialsSchema>;
export type SecureStack = { tls: StackTls; credentials: SecureCredentials };

const secret = () => randomBytes(18).toString('base64url');

/** One per state folder in this process: the services start side by side and must share one CA. */
const made = new Map<string, Promise<SecureStack>>();

/**
 * The secured stack's CA, server certificate (valid for every host the stack listens on) and
 * credentials: made on the first start, read back after.
 */
export function secureStack(settings: StackSettings): Promise<SecureStack> {
  let secure = made.get(settings.stateDir);
  if (!secure) {
    secure = makeSecureStack(settings);
    made.set(settings.stateDir, secure);
  }
  return secure;
}

async function makeSecureStack(settings: StackSettings): Promise<SecureStack> {
  const dir = join(settings.stateDir, 'tls');
  const tls = await stackTls(dir, [...new Set(['localhost', settings.pg.host, settings.kafka.host])]);
  const file = join(dir, 'credentials.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fresh: SecureCredentials = {
      kafkaAdmin: { username: 'admin', password: secret() },
      kafkaPipeline: { username: 'profile-cdc', password: secret() },
      pgPipeline: { user: 'profile_cdc', password: secret() },
    };
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
  }
  return { tls, credentials: credentialsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) };
}

/** Each secret the pipeline (and the Kafka admin) needs, alone in a file of its own, for *_FILE settings. */
export function writeSecretFiles(s: SecureStack): { pg: string; kafka: string; kafkaAdmin: string } {
  const files = {
    pg: join(s.tls.dir, 'pg-password'),
    kafka: join(s.tls.dir, 'kafka-password'),
    kafkaAdmin: join(s.tls.dir, 'kafka-admin-password'),
  };
  writeFileSync(files.pg, s.credentials.pgPipeline.password, { mode: 0o600 });
  writeFileSync(files.kafka, s.credentials.kafkaPipeline.password, { mode: 0o600 });
  writeFileSync(files.kafkaAdmin, s.credentials.kafkaAdmin.password, { mode: 0o600 });
  return files;
}

/** PostgreSQL: TLS on; the pipeline's role only over TLS with scram-sha-256; the stack's superuser as before. */
export function postgresSecureConfig(certFile: string, keyFile: string): string {
  return [
    'ssl = on',
    `ssl_cert_file = '${certFile}'`,
    `ssl_key_file = '${keyFile}'`,
    "password_encryption = 'scram-sha-256'",
    '',
  ].join('\n');
}

export function postgresSecureHba(pipelineRole: string): string {
  return [
    '# profile-cdc secured stack: the pipeline role over TLS with a password, nothing else for it.',
    'local   all          all                        trust',
    `hostssl all          ${pipelineRole} 127.0.0.1/32  scram-sha-256`,
    `hostssl replication  ${pipelineRole} 127.0.0.1/32  scram-sha-256`,
    `host    all          ${pipelineRole} 0.0.0.0/0     reject`,
    `host    replication  ${pipelineRole} 0.0.0.0/0     reject`,
    'host    all          postgres      127.0.0.1/32  trust',
    'host    replication  postgres      127.0.0.1/32  trust',
    'hostssl all          all           127.0.0.1/32  scram-sha-256',
    '',
  ].join('\n');
}

/**
 * Kafka: clients and brokers on SASL_SSL with SCRAM-SHA-512 (PEM key store and trust store), ACLs
 * enforced by KRaft's StandardAuthorizer; `admin` is the super user. The controller listener stays
 * plaintext on loopback, and its (anonymous) principal is a super user so that brokers may register.
 */
export function kafkaSecureProperties(
  host: string,
  port: number,
  controllerPort: number,
  /** Where the broker's keystore.pem (key and certificate) and truststore.pem (the CA) are. */
  dir: string,
  s: SecureStack,
): string[] {
  const { username, password } = s.credentials.kafkaAdmin;
  return [
    `listeners=SASL_SSL://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=SASL_SSL://${host}:${port}`,
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    'inter.broker.listener.name=SASL_SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${join(dir, 'keystore.pem')}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${join(dir, 'truststore.pem')}`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:${username};User:ANONYMOUS`,
    'allow.everyone.if.no.acl.found=false',
  ];
}

/** StorageTool arguments that create the SCRAM users when a node is formatted. */
export function kafkaScramUsers(s: SecureStack): string[] {
  return [s.credentials.kafkaAdmin, s.credentials.kafkaPipeline].flatMap((u) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${u.username},password=${u.password}]`,
  ]);
}
