/**
 * The deployment files, checked without a Docker engine or a Kubernetes cluster:
 * - Dockerfile and .dockerignore: their rules, and the runtime stage's layout rebuilt from its COPY lines
 *   and run (help, setup --print-sql, the generator, and the source snapshotting and streaming);
 * - docker-compose.yml: compose-go (the loader of `docker compose config`), then its wiring; the postgres
 *   init script run on a scratch server, the source then working as the least-privilege role it creates;
 * - the Helm chart: helm lint and helm template with the default and the full values, the rendered
 *   settings and connectors through the pipeline's own validation;
 * - docs/operations.md: the SQL it shows is what `setup --print-sql` prints.
 * helm and compose-spec come from deploy/tools/install.sh (.ci/run runs it); without them those checks are
 * skipped, except under CI=true where they fail.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { parse, parseAllDocuments } from 'yaml';
import { localKafkaBroker } from '../../src/config/local-stack.ts';
import { loadConfig } from '../../src/config/pipeline.ts';
import { topicOf } from '../../src/connectors/connector.ts';
import {
  loadConnectors,
  loadMasterConnectors,
  loadTables,
  selectConnectors,
} from '../../src/connectors/load.ts';
import { ddlByDatabase } from '../../src/dev/fixture/schema.ts';
import { masterRows, writeMasterData } from '../../src/dev/generate/master.ts';
import { findPgBin, serviceUser } from '../../src/dev/stack/host.ts';
import { postgresService } from '../../src/dev/stack/postgres.ts';
import { stackSettings } from '../../src/dev/stack/settings.ts';
import { setupSql } from '../../src/source/setup.ts';
import { waitFor } from '../../src/util/wait.ts';
import { exited } from './support/child.ts';
import { kafka, settings as localStack, requireStack } from './support/stack.ts';
import { readTopic } from './support/topics.ts';

/** Every connector, profile tables and master data, as setup --print-sql covers them. */
const allTables = () => {
  const { profiles, masters } = loadTables();
  return [...profiles, ...masters];
};

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const chart = join(root, 'deploy/helm/profile-cdc');
const fullValues = join(root, 'deploy/helm/ci/full-values.yaml');

type Json = Record<string, unknown>;
type TestContext = { skip(message?: string): void };

// ---------------------------------------------------------------------------------------------------------
// Tools

/** .cache/bin/<name>, else <name> on PATH. */
function tool(name: string): string | undefined {
  const local = join(root, '.cache/bin', name);
  if (existsSync(local)) return local;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** The tool, or undefined after skipping the test; CI installs them, so there a missing one fails. */
function requireTool(t: TestContext, name: string): string | undefined {
  const path = tool(name);
  if (path) return path;
  const hint = `${name} is not in .cache/bin nor on PATH; bash deploy/tools/install.sh builds it`;
  if (process.env.CI === 'true') assert.fail(hint);
  t.skip(hint);
  return undefined;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runOk(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = run(command, args, options);
  assert.equal(
    result.status,
    0,
    `${basename(command)} ${args.join(' ')} failed:\n${result.stderr}\n${result.stdout}`.slice(0, 8000),
  );
  return result.stdout;
}

/**
 * Reads a topic from the start until it holds `count` messages. A topic the source has just created may
 * not be in every broker's metadata yet (UNKNOWN_TOPIC_OR_PARTITION): such a read is tried again.
 */
async function readAll(topic: string, count: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await readTopic(topic, (messages) => messages.length >= count, 60_000);
      return;
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 5) throw err;
      await new Promise((done) => setTimeout(done, 1000 * attempt));
    }
  }
}

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Every PROFILE_CDC_* name the code reads, and the _FILE variant of each config variable. */
function knownVariables(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bPROFILE_CDC_[A-Z0-9_]+\b/g)) names.add(m[0]);
      }
    }
  };
  walk(join(root, 'src'));
  const configVariables = [...read('src/config/pipeline.ts').matchAll(/^\s+(PROFILE_CDC_[A-Z0-9_]+): '/gm)];
  assert.ok(configVariables.length > 10, 'the variable table of src/config/pipeline.ts');
  for (const m of configVariables) names.add(`${m[1]}_FILE`);
  return names;
}

// ---------------------------------------------------------------------------------------------------------
// Dockerfile

type Instruction = { op: string; args: string };
type Stage = { name: string | undefined; from: string; instructions: Instruction[] };

function dockerfile(): { args: Map<string, string>; stages: Stage[] } {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args: rest.trim() };
    if (instruction.op === 'FROM') {
      const [, from = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else if (stages.length === 0 && instruction.op === 'ARG') {
      const [key = '', value = ''] = instruction.args.split('=');
      args.set(key, value);
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return { args, stages };
}

/** The HEALTHCHECK's command (exec form), e.g. ['node', '-e', '...']. */
function healthcheck(): string[] {
  const last = dockerfile()
    .stages.at(-1)
    ?.instructions.filter((i) => i.op === 'HEALTHCHECK')
    .at(-1);
  const json = /\bCMD\s+(\[.*\])\s*$/.exec(last?.args ?? '')?.[1];
  assert.ok(json, 'HEALTHCHECK ... CMD ["..."] (exec form)');
  return JSON.parse(json) as string[];
}

const runs = (stage: Stage) => stage.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);

type Copy = { from: string | undefined; sources: string[]; dest: string };
function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1) as string };
    });
}

/** Top-level entries of the repository that non-test code reads relative to its own file at run time. */
function runtimeDirectories(): Set<string> {
  const dirs = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'fixtures') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/resolve\(\s*import\.meta\.dirname,\s*'([^']+)'\s*\)/g)) {
          const target = relative(root, resolve(dirname(path), m[1] as string));
          const top = target.split('/')[0];
          if (top && top !== 'src' && !target.startsWith('..')) dirs.add(top);
        }
      }
    }
  };
  walk(join(root, 'src'));
  return dirs;
}

describe('Dockerfile', () => {
  const { args, stages } = dockerfile();
  const byName = (name: string) => stages.find((s) => s.name === name);
  const runtime = stages.at(-1) as Stage;

  test('multi-stage on a pinned Node 20 image: npm ci and the build, production dependencies only at run time', () => {
    assert.ok(stages.length >= 2, 'several stages');
    for (const stage of stages) {
      const image = stage.from.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
      assert.match(image, /^node:20\.\d+\.\d+-(bookworm|trixie)-slim$/, `${stage.name}: ${stage.from}`);
    }
    const build = stages.find((s) => runs(s).some((r) => /\bnpm run build\b/.test(r))) as Stage;
    assert.ok(build, 'a stage runs npm run build');
    assert.ok(
      runs(build).some((r) => /\bnpm ci\b/.test(r) && !/--omit/.test(r)),
      'the build stage installs dev dependencies',
    );
    const fromBuild = copies(runtime).filter((c) => c.from === build.name);
    assert.deepEqual(
      fromBuild.map((c) => c.sources),
      [['/app/dist']],
      'only dist/ comes from the build stage',
    );
    const modules = copies(runtime).find((c) => c.sources.includes('/app/node_modules'));
    assert.ok(modules?.from, 'node_modules comes from another stage');
    assert.ok(
      runs(byName(modules.from) as Stage).some((r) => /\bnpm ci\b.*--omit=dev/.test(r)),
      'production dependencies only',
    );
  });

  test('runtime: numeric non-root user, health check on /healthz, port 9464, entrypoint and the run command', () => {
    const last = (op: string) => runtime.instructions.filter((i) => i.op === op).at(-1)?.args;
    const user = last('USER') ?? '';
    assert.match(user, /^\d+(:\d+)?$/, 'numeric, so that Kubernetes can check runAsNonRoot');
    assert.notEqual(Number(user.split(':')[0]), 0);
    assert.equal(last('WORKDIR'), '/app');
    assert.deepEqual(JSON.parse(last('ENTRYPOINT') ?? ''), ['node', 'dist/cli/main.js']);
    assert.deepEqual(JSON.parse(last('CMD') ?? ''), ['run']);
    assert.equal(last('EXPOSE'), '9464');
    const [command = '', ...rest] = healthcheck();
    assert.equal(command, 'node', 'the slim image has neither curl nor wget');
    assert.match(rest.join(' '), /\/healthz/);
  });

  test('every directory the code reads beside itself is copied from an existing path, and not ignored', () => {
    const context = copies(runtime).filter((c) => c.from === undefined);
    const copied = new Set(context.flatMap((c) => c.sources.map((s) => s.replace(/\/$/, ''))));
    const needed = runtimeDirectories();
    for (const dir of ['connectors', 'fixture']) assert.ok(needed.has(dir), `the scan finds ${dir}/`);
    for (const dir of needed) assert.ok(copied.has(dir), `${dir}/ is read at run time: COPY ${dir} ./${dir}`);
    // The runtime stage mirrors the repository: each path lands at the same place under /app.
    for (const c of context) {
      assert.equal(c.sources.length, 1);
      const source = (c.sources[0] as string).replace(/\/$/, '');
      const dest = c.dest === './' && !source.includes('/') ? `./${source}` : c.dest.replace(/\/$/, '');
      assert.equal(dest, `./${source}`, `COPY ${source} ${c.dest}`);
    }
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(ignore[0], '**', 'an allow-list');
    const allowed = new Set(
      ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, '')),
    );
    const used = [
      ...copied,
      ...stages.flatMap((s) =>
        copies(s)
          .filter((c) => !c.from)
          .flatMap((c) => c.sources),
      ),
    ];
    for (const source of used) {
      const path = source.replace(/\/$/, '');
      assert.ok(existsSync(join(root, path)), `COPY ${path}: it exists in the repository`);
      assert.ok(allowed.has(path), `.dockerignore lets ${path} into the build context`);
    }
    for (const never of ['node_modules', '.stack', '.cache', 'dist', '.git', 'scratch']) {
      assert.ok(!allowed.has(never), `${never} stays out of the context`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// The runtime stage, rebuilt on disk from the Dockerfile's COPY lines, and run

let image: { dir: string; cli: (args: string[], env?: NodeJS.ProcessEnv) => string } | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'deploy-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Compiles src/ like the build stage and lays the runtime stage out under a scratch /app. */
function buildImageLayout() {
  if (image) return image;
  const { stages } = dockerfile();
  const runtime = stages.at(-1) as Stage;
  const built = join(scratch, 'build-dist');
  runOk(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', built]);
  runOk(process.execPath, [join(root, 'scripts/copy-assets.mjs'), built]);
  const app = join(scratch, 'app');
  mkdirSync(app);
  for (const c of copies(runtime)) {
    for (const source of c.sources) {
      const dest = resolve(app, c.dest === './' ? basename(source) : c.dest);
      if (source === '/app/dist') cpSync(built, dest, { recursive: true });
      else if (source === '/app/node_modules') symlinkSync(join(root, 'node_modules'), dest);
      else if (c.from === undefined) cpSync(join(root, source), dest, { recursive: true });
      else assert.fail(`COPY --from=${c.from} ${source}: not known to this test`);
    }
  }
  const dir = app;
  image = {
    dir,
    cli: (args, env = process.env) =>
      runOk(process.execPath, ['dist/cli/main.js', ...args], { cwd: dir, env }),
  };
  return image;
}

describe('the image layout', () => {
  test('compiled JavaScript imports .js files and production dependencies only', () => {
    const { dir } = buildImageLayout();
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.js') ? [join(d, e.name)] : [],
      );
    const files = walk(join(dir, 'dist')).filter((f) => !f.includes('/fixtures/'));
    assert.ok(files.length > 50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) assert.match(spec, /\.js$/, `${relative(dir, file)}: ${spec}`);
        else if (!spec.startsWith('node:')) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          assert.ok(
            name && name in pkg.dependencies,
            `${relative(dir, file)} imports ${spec}: not a dependency`,
          );
        }
      }
    }
  });

  test('the CLI runs from dist/ and finds connectors/, the schemas, the mappings and fixture/', () => {
    const { dir, cli } = buildImageLayout();
    const help = cli(['--help']);
    for (const command of ['source', 'sink', 'run', 'setup', 'generate'])
      assert.match(help, new RegExp(`\\n  ${command}\\b`));
    assert.equal(cli(['setup', '--print-sql']), setupSql(allTables()));
    const probe = `
      const { loadSchemas } = await import('./dist/kinds/schemas.js');
      const { builtInIndexBodies } = await import('./dist/kinds/index.js');
      const { ddlByDatabase } = await import('./dist/dev/fixture/schema.js');
      console.log(JSON.stringify({
        schemas: [...loadSchemas().keys()].sort(),
        mappings: Object.keys(builtInIndexBodies()).sort(),
        databases: [...ddlByDatabase().keys()].sort(),
      }));`;
    const found = JSON.parse(runOk(process.execPath, ['--input-type=module', '-e', probe], { cwd: dir }));
    assert.deepEqual(found, {
      schemas: [
        'authentication',
        'deadletter',
        'document-type',
        'issuance',
        'location',
        'registration',
        'registration-centre',
      ],
      mappings: ['authentication', 'issuance', 'registration'],
      databases: ['mosip_ida', 'mosip_idrepo', 'mosip_master', 'mosip_prereg', 'mosip_regprc'],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// docker-compose.yml

type ComposeService = {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  volumes?: (string | { type: string; source: string; target: string })[];
  secrets?: (string | { source: string })[];
  stop_grace_period?: string;
  ports?: unknown[];
};
type Compose = { services: Record<string, ComposeService>; secrets?: Record<string, { file: string }> };

const pipelineServices = ['source', 'sink', 'generator', 'kibana-setup'];

/** The compose model as compose-go loads it (absolute paths, normalised), or the YAML with merges. */
function composeModel(t: TestContext): { model: Compose; loader: 'compose-go' | 'yaml' } {
  const composeSpec = tool('compose-spec');
  if (composeSpec) {
    const env = { ...process.env };
    delete env.POSTGRES_PASSWORD;
    delete env.GRAFANA_ADMIN_PASSWORD;
    const json = runOk(composeSpec, ['--format', 'json', 'docker-compose.yml'], { env });
    return { model: JSON.parse(json) as Compose, loader: 'compose-go' };
  }
  requireTool(t, 'compose-spec');
  return { model: parse(read('docker-compose.yml'), { merge: true }) as Compose, loader: 'yaml' };
}

const seconds = (duration: string) => {
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  assert.ok(m, `a duration: ${duration}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
};

const bindMounts = (service: ComposeService) =>
  (service.volumes ?? []).flatMap((v) => {
    if (typeof v === 'string') {
      const [source = '', target = ''] = v.split(':');
      return source.startsWith('.') ? [{ source: resolve(root, source), target }] : [];
    }
    return v.type === 'bind' ? [{ source: resolve(root, v.source), target: v.target }] : [];
  });

describe('docker-compose.yml', () => {
  test('compose-go loads it (docker compose config), and every image is pinned', (t) => {
    const { model } = composeModel(t);
    const expected = [
      'elasticsearch',
      'generator',
      'grafana',
      'kafka',
      'kibana',
      'kibana-setup',
      'postgres',
      'prometheus',
      'schema-registry',
      'sink',
      'source',
    ];
    assert.deepEqual(Object.keys(model.services).sort(), expected);
    for (const [name, service] of Object.entries(model.services)) {
      if (pipelineServices.includes(name)) {
        assert.ok(service.build, `${name} is built from the Dockerfile`);
        assert.equal(service.image, 'profile-cdc:local');
        continue;
      }
      const tag = /:([^:/]+)$/.exec(service.image ?? '')?.[1] ?? '';
      assert.match(tag, /\d+\.\d+/, `${name}: ${service.image} carries a version tag`);
    }
    const image = (name: string) => model.services[name]?.image ?? '';
    assert.match(image('postgres'), /^postgres:1[56]\./);
    assert.match(image('kafka'), /^apache\/kafka:3\.9\./);
    assert.match(image('elasticsearch'), /elasticsearch:8\.19\./);
    assert.match(image('kibana'), /kibana:8\.19\./);
  });

  test('health checks behind every service_healthy condition; one-shots and ports', (t) => {
    const { model } = composeModel(t);
    for (const [name, service] of Object.entries(model.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        assert.ok(model.services[dependency], `${name} depends on ${dependency}, a service`);
        if (condition === 'service_healthy') {
          const health = model.services[dependency]?.healthcheck;
          assert.ok(
            health?.test && !health.disable,
            `${dependency} has a health check (${name} waits for it)`,
          );
        }
      }
      for (const port of service.ports ?? []) {
        const ip = typeof port === 'string' ? port.split(':')[0] : (port as { host_ip?: string }).host_ip;
        assert.equal(ip, '127.0.0.1', `${name} publishes on the loopback only`);
      }
    }
    const pipelineHealth = JSON.stringify(model.services.source?.healthcheck?.test);
    assert.match(pipelineHealth, /\/healthz/);
    const command = (name: string) => model.services[name]?.command as string[];
    assert.deepEqual(command('source'), ['source']);
    assert.deepEqual(command('sink'), ['sink']);
    assert.deepEqual(command('kibana-setup'), ['kibana', 'import', '--url', 'http://kibana:5601']);
    const generate = command('generator');
    assert.deepEqual(generate.slice(0, 7), ['generate', '--table', 'all', '--rate', '50', '--rows', '5000']);
    assert.equal(generate[7], '--pg-url');
    assert.match(generate[8] as string, /^postgres:\/\/postgres:[^@]+@postgres:5432\/postgres$/);
    const postgres = model.services.postgres as ComposeService;
    const pgCommand = Array.isArray(postgres.command) ? postgres.command.join(' ') : String(postgres.command);
    for (const setting of ['wal_level=logical', 'max_replication_slots=20', 'max_wal_senders=20']) {
      assert.ok(pgCommand.includes(`-c ${setting}`), setting);
    }
  });

  test('the pipeline settings: known variables, compose host names, the password from a secret file', (t) => {
    const { model } = composeModel(t);
    const known = knownVariables();
    const secretFile = resolve(root, 'deploy/compose/secrets/profile-cdc-pg-password');
    for (const name of ['source', 'sink']) {
      const service = model.services[name] as ComposeService;
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]),
      );
      for (const variable of Object.keys(env).filter((v) => v.startsWith('PROFILE_CDC_'))) {
        assert.ok(known.has(variable), `${name}: ${variable} is read by the code`);
      }
      assert.equal(env.PROFILE_CDC_PG_PASSWORD_FILE, '/run/secrets/profile_cdc_pg_password');
      const config = loadConfig(undefined, { ...env, PROFILE_CDC_PG_PASSWORD_FILE: secretFile });
      assert.equal(config.postgres.host, 'postgres');
      assert.equal(config.postgres.user, 'profile_cdc');
      assert.equal(config.postgres.password, readFileSync(secretFile, 'utf8').trim());
      assert.deepEqual(config.kafka.brokers, ['kafka:9092']);
      assert.equal(config.kafka.schemaRegistryUrl, 'http://schema-registry:8081');
      assert.equal(config.elasticsearch.node, 'http://elasticsearch:9200');
      assert.ok(
        seconds(service.stop_grace_period ?? '10s') * 1000 > config.shutdownGraceMs,
        `${name}: stop_grace_period outlasts PROFILE_CDC_SHUTDOWN_GRACE_MS`,
      );
      const secrets = (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
      assert.ok(secrets.includes('profile_cdc_pg_password'));
    }
    assert.equal(resolve(root, model.secrets?.profile_cdc_pg_password?.file ?? ''), secretFile);
  });

  test('promtool accepts deploy/compose/prometheus.yml with the rules where the mount puts them', (t) => {
    const promtool = tool('promtool');
    if (!promtool) {
      t.skip('promtool is not installed (apt-get install -y prometheus)');
      return;
    }
    const config = parse(read('deploy/compose/prometheus.yml')) as { rule_files: string[] };
    config.rule_files = config.rule_files.map((f) =>
      join(root, 'grafana/alerts', relative('/etc/prometheus/rules', f)),
    );
    const file = join(scratch, 'prometheus.yml');
    writeFileSync(file, JSON.stringify(config));
    const out = runOk(promtool, ['check', 'config', file]);
    assert.match(out, /SUCCESS: .* rules found/);
  });

  test("Kafka's variables name real broker settings of its version, and CLUSTER_ID is a UUID", (t) => {
    const { model } = composeModel(t);
    const env = model.services.kafka?.environment ?? {};
    const clusterId = String(env.CLUSTER_ID);
    assert.match(clusterId, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(clusterId, 'base64url').length, 16, 'kafka-storage format wants 16 bytes');
    // The apache/kafka image turns KAFKA_FOO_BAR into foo.bar (__ into _, ___ into -).
    const properties = Object.keys(env)
      .filter((k) => k.startsWith('KAFKA_') && k !== 'KAFKA_HEAP_OPTS')
      .map((k) =>
        k
          .slice('KAFKA_'.length)
          .toLowerCase()
          .replaceAll('___', '-')
          .replaceAll('__', '\0')
          .replaceAll('_', '.')
          .replaceAll('\0', '_'),
      );
    const version = /^apache\/kafka:(.+)$/.exec(model.services.kafka?.image ?? '')?.[1];
    assert.equal(version, localStack.kafka.version, 'the same Kafka as the local stack');
    const libs = join(localStack.cacheDir, `kafka-${version}`, 'libs');
    const java = tool('java');
    if (!java || !existsSync(libs)) {
      if (process.env.CI === 'true') assert.fail(`java and ${libs} (npx profile-cdc stack up) are needed`);
      t.skip(`java or ${libs} missing: npx profile-cdc stack up`);
      return;
    }
    const program = join(scratch, 'KafkaConfigNames.java');
    writeFileSync(
      program,
      'public class KafkaConfigNames { public static void main(String[] a) { ' +
        'for (Object n : kafka.server.KafkaConfig.configDef().names()) System.out.println(n); } }\n',
    );
    const names = new Set(runOk(java, ['-cp', `${libs}/*`, program]).split('\n'));
    assert.ok(names.size > 100);
    for (const property of properties)
      assert.ok(names.has(property), `${property} is a Kafka ${version} setting`);
  });

  test('mounted files exist: init scripts, Prometheus with the alert rules, Grafana provisioning', (t) => {
    const { model } = composeModel(t);
    for (const [name, service] of Object.entries(model.services)) {
      for (const mount of bindMounts(service))
        assert.ok(existsSync(mount.source), `${name}: ${mount.source}`);
    }
    const mountOf = (service: string, target: string) =>
      bindMounts(model.services[service] as ComposeService).find((m) => m.target === target)?.source;
    assert.equal(mountOf('postgres', '/docker-entrypoint-initdb.d'), join(root, 'deploy/compose/initdb'));

    // Prometheus: the rules file through its mount, the job name the rules expect, the pipeline's ports.
    const prometheus = parse(read('deploy/compose/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    assert.equal(
      mountOf('prometheus', '/etc/prometheus/prometheus.yml'),
      join(root, 'deploy/compose/prometheus.yml'),
    );
    const rulesDir = mountOf('prometheus', '/etc/prometheus/rules') as string;
    for (const file of prometheus.rule_files) {
      assert.ok(file.startsWith('/etc/prometheus/rules/'));
      assert.ok(existsSync(join(rulesDir, basename(file))), `${file} is mounted`);
    }
    assert.equal(rulesDir, join(root, 'grafana/alerts'));
    const job = prometheus.scrape_configs.find((j) => j.job_name === 'profile-cdc');
    assert.ok(job, 'the alert rules select job="profile-cdc"');
    const targets = job.static_configs.flatMap((s) => s.targets).sort();
    assert.deepEqual(targets, ['sink:9464', 'source:9464']);
    assert.equal(model.services.source?.environment?.PROFILE_CDC_METRICS_PORT, '9464');

    // Grafana: the dashboards where the provider reads them; the datasource the dashboard defaults to.
    const providerFiles = readdirSync(join(root, 'grafana/provisioning/dashboards'));
    const providers = providerFiles.flatMap(
      (f) =>
        (
          parse(read(`grafana/provisioning/dashboards/${f}`)) as {
            providers: { options: { path: string } }[];
          }
        ).providers,
    );
    for (const provider of providers) {
      assert.equal(mountOf('grafana', provider.options.path), join(root, 'grafana/dashboards'));
    }
    assert.equal(
      mountOf('grafana', '/etc/grafana/provisioning/dashboards'),
      join(root, 'grafana/provisioning/dashboards'),
    );
    const datasource = (file: string) =>
      (parse(read(file)) as { datasources: { uid: string; type: string; url: string }[] }).datasources[0];
    const ours = datasource('deploy/compose/grafana-datasource.yaml');
    const theirs = datasource('grafana/provisioning/datasources/prometheus.yaml');
    assert.equal(ours?.uid, theirs?.uid);
    assert.equal(ours?.type, theirs?.type);
    assert.equal(ours?.url, 'http://prometheus:9090');
    assert.equal(
      mountOf('grafana', '/etc/grafana/provisioning/datasources/prometheus.yaml'),
      join(root, 'deploy/compose/grafana-datasource.yaml'),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// The postgres init script, on a scratch server; then the source as the role it creates

describe('deploy/compose/initdb/10-mosip.sql', () => {
  const initSql = read('deploy/compose/initdb/10-mosip.sql');
  const connectors = loadConnectors();

  test('holds fixture/schema.sql per database and the statements of setup --print-sql', () => {
    const blocks = ddlByDatabase(initSql);
    for (const [database, ddl] of ddlByDatabase()) {
      const block = blocks.get(database) ?? '';
      assert.ok(block.includes(`CREATE DATABASE "${database}";\n\\connect ${database}\n`), database);
      assert.ok(block.includes(ddl.trim()), `${database}: the DDL of fixture/schema.sql, verbatim`);
    }
    for (const line of setupSql(connectors).split('\n')) {
      if (!line || line.startsWith('--') || line.startsWith('\\connect')) continue;
      const expected = line.replace("'<choose a password>'", ":'password'");
      assert.ok(initSql.includes(expected), `missing: ${expected}`);
    }
  });

  describe('on a scratch PostgreSQL', () => {
    let server: ReturnType<typeof postgresService> | undefined;
    let port = 0;
    const password = `pw-${process.pid}-${Date.now().toString(36)}`;
    const passwordFile = join(scratch, 'pg-password');
    const prefix = `it_deploy_${Date.now().toString(36)}`;
    const superuser = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

    before(async () => {
      await requireStack();
      port = await freePort();
      const state = join(scratch, 'pg');
      mkdirSync(state);
      // The server runs as the stack's service user when we are root: it must reach its directory.
      chmodSync(scratch, 0o755);
      chmodSync(state, 0o755);
      const settings = stackSettings({
        ...process.env,
        PROFILE_CDC_STATE_DIR: state,
        PROFILE_CDC_PG_PORT: String(port),
      });
      server = postgresService({ settings, runAs: await serviceUser(settings.runAsUser) });
      await server.prepare();
      // Passwords over TCP for every role but the test's superuser, as in the postgres image.
      const hba = join(state, 'postgres/data/pg_hba.conf');
      writeFileSync(
        hba,
        'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n',
      );
      await server.start();
      writeFileSync(passwordFile, `${password}\n`);
      chmodSync(passwordFile, 0o644);
    });
    after(async () => {
      await server?.stop();
      const admin = kafka().admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((name) => name.startsWith(prefix));
      if (topics.length) await admin.deleteTopics({ topics });
      await admin.disconnect();
    });

    test('runs as the image runs it, and leaves the databases, tables, role and publications', async () => {
      // docker-entrypoint.sh: psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc
      // --dbname "$POSTGRES_DB" -f <file>, with the container's environment.
      runOk(
        join(findPgBin(process.env.PROFILE_CDC_PG_BIN), 'psql'),
        [
          '-v',
          'ON_ERROR_STOP=1',
          '--username',
          'postgres',
          '--no-password',
          '--no-psqlrc',
          '--dbname',
          'postgres',
        ].concat(['-f', join(root, 'deploy/compose/initdb/10-mosip.sql')]),
        {
          env: {
            ...process.env,
            PGHOST: '127.0.0.1',
            PGPORT: String(port),
            PROFILE_CDC_PG_PASSWORD_FILE: passwordFile,
          },
        },
      );
      for (const c of connectors) {
        const db = new pg.Client({ connectionString: superuser(c.database) });
        await db.connect();
        try {
          const { rows } = await db.query<{ select: boolean; published: boolean; replication: boolean }>(
            `SELECT has_table_privilege('profile_cdc', $1, 'SELECT') AS select,
                    EXISTS (SELECT 1 FROM pg_publication_tables WHERE pubname = $2 AND schemaname = $3
                            AND tablename = $4) AS published,
                    (SELECT rolreplication AND rolcanlogin AND NOT rolsuper FROM pg_roles
                      WHERE rolname = 'profile_cdc') AS replication`,
            [`${c.schema}.${c.table}`, c.publication, c.schema, c.table],
          );
          assert.deepEqual(rows[0], { select: true, published: true, replication: true }, c.name);
        } finally {
          await db.end();
        }
      }
      const wrong = new pg.Client({
        connectionString: `postgres://profile_cdc:not-it@127.0.0.1:${port}/mosip_ida`,
      });
      await assert.rejects(wrong.connect(), /password authentication failed/);
    });

    test('the image layout generates rows, and its source snapshots and streams them as profile_cdc', {
      timeout: 240_000,
    }, async () => {
      const { dir, cli } = buildImageLayout();
      // The compose generator's command, against this server; and the generated country's master data.
      cli(['generate', '--table', 'all', '--rows', '25', '--pg-url', superuser('postgres')]);
      const masterRowCount = await writeMasterData(superuser('mosip_master'));

      const metricsPort = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PROFILE_CDC_PG_HOST: '127.0.0.1',
        PROFILE_CDC_PG_PORT: String(port),
        PROFILE_CDC_PG_USER: 'profile_cdc',
        PROFILE_CDC_PG_PASSWORD_FILE: passwordFile,
        PROFILE_CDC_KAFKA_BROKERS: localKafkaBroker(localStack),
        PROFILE_CDC_KAFKA_TOPIC_PREFIX: prefix,
        PROFILE_CDC_DEAD_LETTER_TOPIC: `${prefix}.dead-letter`,
        PROFILE_CDC_HEARTBEAT_MS: '500',
        PROFILE_CDC_METRICS_PORT: String(metricsPort),
        PROFILE_CDC_SHUTDOWN_GRACE_MS: '20000',
      };
      delete env.PROFILE_CDC_CONNECTORS_DIR;
      delete env.PROFILE_CDC_SCHEMA_REGISTRY_URL;
      const prereg = connectors.find((c) => c.name === 'prereg');
      assert.ok(prereg);
      const log = join(scratch, 'source.log');
      const child: ChildProcess = spawn(process.execPath, ['dist/cli/main.js', 'source'], {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: Buffer[] = [];
      child.stdout?.on('data', (b: Buffer) => output.push(b));
      child.stderr?.on('data', (b: Buffer) => output.push(b));
      const logText = () => Buffer.concat(output).toString('utf8').slice(-6000);
      try {
        await waitFor(
          async () => {
            if (child.exitCode !== null)
              throw new Error(`the source exited ${child.exitCode}:\n${logText()}`);
            return (
              (await fetch(`http://127.0.0.1:${metricsPort}/readyz`).catch(() => undefined))?.status === 200
            );
          },
          { timeoutMs: 60_000, what: () => `the source to be ready\n${logText()}` },
        );
        for (const c of connectors) {
          const topic = topicOf(c, prefix);
          await readAll(topic, 25);
        }
        // The master tables, read by the columns the role was granted only (contact columns are not).
        const masters = loadMasterConnectors();
        const centres = masters.find((m) => m.kind === 'registration-centre');
        assert.ok(centres && masters.length === 3);
        const centreRows = masterRows().registration_center.length;
        assert.equal(masterRowCount, Object.values(masterRows()).flat().length);
        await readAll(topicOf(centres, prefix), centreRows);
        const master = new pg.Client({ connectionString: superuser('mosip_master') });
        await master.connect();
        try {
          const { rows } = await master.query<{ attnames: string[] }>(
            'SELECT attnames FROM pg_publication_tables WHERE pubname = $1',
            [centres.publication],
          );
          assert.ok(rows[0]?.attnames.includes('latitude'));
          assert.ok(!rows[0]?.attnames.includes('contact_phone'), 'staff contact columns are not published');
          await master.query(
            `INSERT INTO master.registration_center (id, name, location_code, contact_person, lang_code, is_active, cr_by, cr_dtimes)
             VALUES ('99999', 'Streamed Centre', 'CT001', 'Someone', 'eng', true, 'it', now())`,
          );
        } finally {
          await master.end();
        }
        await readAll(topicOf(centres, prefix), centreRows + 1);
        // The image's HEALTHCHECK command, as Docker runs it in the container.
        const [check = '', ...checkArgs] = healthcheck();
        assert.equal(
          run(check === 'node' ? process.execPath : check, checkArgs, { cwd: dir, env }).status,
          0,
        );
        // Streaming, not just the snapshot: one more row reaches Kafka.
        cli([
          'generate',
          '--table',
          'prereg',
          '--rows',
          '1',
          '--seed',
          'deploy-stream',
          '--pg-url',
          superuser('postgres'),
        ]);
        await readAll(topicOf(prereg, prefix), 26);

        // SIGTERM: flush, confirm the slot, exit 0 within the grace period.
        child.kill('SIGTERM');
        const code = await Promise.race([
          exited(child),
          new Promise((done) => setTimeout(() => done('still running'), 25_000)),
        ]);
        assert.equal(code, 0, logText());
        assert.equal(
          run(check === 'node' ? process.execPath : check, checkArgs, { cwd: dir, env }).status,
          1,
          'the health check fails once the process is gone',
        );
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        writeFileSync(log, Buffer.concat(output));
      }
      const db = new pg.Client({ connectionString: superuser('mosip_prereg') });
      await db.connect();
      try {
        const { rows } = await db.query<{ active: boolean; confirmed: string | null }>(
          'SELECT active, confirmed_flush_lsn::text AS confirmed FROM pg_replication_slots WHERE slot_name = $1',
          [prereg.slot],
        );
        assert.equal(rows[0]?.active, false, 'the slot is released');
        assert.ok(rows[0]?.confirmed, 'and has a confirmed position');
      } finally {
        await db.end();
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Helm chart

type Manifest = {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Json;
type Container = {
  name: string;
  args: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
  ports: { name: string; containerPort: number }[];
  startupProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Json & { capabilities: { drop: string[] }; seccompProfile?: { type: string } };
  volumeMounts: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
};
type PodSpec = {
  securityContext: Json & { seccompProfile: { type: string } };
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken: boolean;
  containers: Container[];
  volumes: { name: string; configMap?: { name: string }; secret?: { secretName: string }; emptyDir?: Json }[];
};
type Deployment = Manifest & {
  spec: {
    replicas: number;
    strategy: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};

function helmTemplate(helm: string, extra: string[] = []): Manifest[] {
  const out = runOk(helm, ['template', 'cdc', chart, '--namespace', 'mosip', ...extra]);
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

const ofKind = <T extends Manifest>(manifests: Manifest[], kind: string) =>
  manifests.filter((m) => m.kind === kind) as T[];

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Writes a rendered ConfigMap's data into a directory; returns it. */
function writeConfigMap(manifest: Manifest, name: string): string {
  const dir = mkdtempSync(join(scratch, `${name}-`));
  for (const [file, content] of Object.entries(manifest.data as Record<string, string>)) {
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

function checkRendered(
  manifests: Manifest[],
  values: { sinkReplicas: number; connectors: string[]; secrets: boolean },
) {
  const deployments = ofKind<Deployment>(manifests, 'Deployment');
  const byComponent = (c: string) =>
    deployments.find(
      (d) => d.spec.template.metadata.labels['app.kubernetes.io/component'] === c,
    ) as Deployment;
  const source = byComponent('source');
  const sink = byComponent('sink');
  assert.ok(source && sink, 'a source and a sink Deployment');

  assert.equal(source.spec.replicas, 1, 'one reader per replication slot');
  assert.equal(source.spec.strategy.type, 'Recreate');
  assert.equal(sink.spec.replicas, values.sinkReplicas);

  const configMaps = ofKind(manifests, 'ConfigMap');
  const settingsMap = configMaps.find((m) => m.metadata.name.endsWith('-settings')) as Manifest;
  const connectorsMap = configMaps.find((m) => m.metadata.name.endsWith('-connectors')) as Manifest;
  assert.ok(settingsMap && connectorsMap);
  const settingsDir = writeConfigMap(settingsMap, 'settings');
  const connectorsDir = writeConfigMap(connectorsMap, 'connectors');
  // The pipeline's own validation: strict keys, types; every selected connector exists.
  const config = loadConfig(join(settingsDir, 'config.yaml'), {});
  const connectors = loadConnectors(connectorsDir);
  assert.deepEqual(connectors.map((c) => c.name).sort(), [...values.connectors].sort());
  assert.deepEqual(
    selectConnectors(connectors, config.source.connectors)
      .map((c) => c.name)
      .sort(),
    [...values.connectors].sort(),
  );
  assert.equal(config.postgres.password, undefined, 'no password in the settings');
  assert.equal(config.elasticsearch.password, undefined);
  assert.equal(config.elasticsearch.apiKey, undefined);

  for (const [component, deployment] of [
    ['source', source],
    ['sink', sink],
  ] as const) {
    const pod = deployment.spec.template.spec;
    assert.ok(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels));
    assert.equal(pod.containers.length, 1);
    const container = pod.containers[0] as Container;
    assert.deepEqual(container.args, [component]);
    assert.deepEqual(container.ports, [
      { name: 'metrics', containerPort: config.metrics.port, protocol: 'TCP' },
    ]);
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'metrics' });
    assert.deepEqual(container.startupProbe.httpGet, { path: '/healthz', port: 'metrics' });
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'metrics' });
    for (const kind of ['requests', 'limits'] as const) {
      assert.ok(container.resources[kind]?.cpu && container.resources[kind]?.memory, `${component}: ${kind}`);
    }

    // Security context.
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.ok(Number(pod.securityContext.runAsUser) > 0);
    assert.equal(pod.automountServiceAccountToken, false);
    const sc = container.securityContext;
    assert.equal(sc.readOnlyRootFilesystem, true);
    assert.equal(sc.allowPrivilegeEscalation, false);
    assert.equal(sc.runAsNonRoot, true);
    assert.deepEqual(sc.capabilities.drop, ['ALL']);
    const mounts = new Map(container.volumeMounts.map((m) => [m.mountPath, m]));
    const volume = (name: string | undefined) => pod.volumes.find((v) => v.name === name);
    assert.ok(volume(mounts.get('/tmp')?.name)?.emptyDir, 'a writable /tmp');

    // Grace period: SIGKILL only after the pipeline's own deadline.
    assert.ok(
      pod.terminationGracePeriodSeconds * 1000 > config.shutdownGraceMs,
      `${component}: grace period`,
    );

    // Settings and connectors come from the ConfigMaps, where the variables say.
    const env = new Map(container.env.map((e) => [e.name, e]));
    const configPath = env.get('PROFILE_CDC_CONFIG')?.value as string;
    const configMount = mounts.get(configPath);
    assert.equal(configMount?.subPath, 'config.yaml');
    assert.equal(volume(configMount?.name)?.configMap?.name, settingsMap.metadata.name);
    const connectorsMount = mounts.get(env.get('PROFILE_CDC_CONNECTORS_DIR')?.value as string);
    assert.equal(volume(connectorsMount?.name)?.configMap?.name, connectorsMap.metadata.name);

    // Credentials: files from mounted Secrets only, and each component gets only its own.
    const known = knownVariables();
    for (const e of container.env) {
      if (e.name.startsWith('PROFILE_CDC_')) assert.ok(known.has(e.name), `${e.name} is read by the code`);
      assert.equal(e.valueFrom, undefined, `${e.name}: no secret in the environment`);
      if (/PASSWORD|API_KEY|SECRET|TOKEN/.test(e.name)) {
        assert.match(e.name, /_FILE$/, `${e.name}: a file, not a value`);
        const mount = [...mounts.values()].find((m) => (e.value as string).startsWith(`${m.mountPath}/`));
        assert.ok(mount?.readOnly && volume(mount.name)?.secret, `${e.name} points into a mounted Secret`);
      }
    }
    const secretVariables = [...env.keys()].filter((n) => n.endsWith('_FILE')).sort();
    const expected = !values.secrets
      ? []
      : component === 'source'
        ? ['PROFILE_CDC_PG_PASSWORD_FILE']
        : ['PROFILE_CDC_ES_API_KEY_FILE', 'PROFILE_CDC_ES_PASSWORD_FILE'];
    assert.deepEqual(secretVariables, expected, `${component}: its own credentials only`);
  }

  assert.deepEqual(
    ofKind(manifests, 'Secret'),
    [],
    'the chart creates no Secret: it references existing ones',
  );

  const pdb = ofKind(manifests, 'PodDisruptionBudget')[0] as Manifest & {
    spec: { maxUnavailable: number; selector: { matchLabels: Record<string, string> } };
  };
  assert.ok(pdb, 'a PodDisruptionBudget');
  assert.ok(matches(pdb.spec.selector.matchLabels, sink.spec.template.metadata.labels));
  assert.ok(!matches(pdb.spec.selector.matchLabels, source.spec.template.metadata.labels), 'for the sink');

  const service = ofKind(manifests, 'Service')[0] as Manifest & {
    spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
  };
  assert.ok(matches(service.spec.selector, source.spec.template.metadata.labels));
  assert.ok(matches(service.spec.selector, sink.spec.template.metadata.labels));
  assert.equal(service.spec.ports[0]?.targetPort, 'metrics');
  return { service };
}

describe('Helm chart deploy/helm/profile-cdc', () => {
  test("the chart's copies: connectors/*.yaml and grafana/alerts/profile-cdc.rules.yaml", () => {
    const copies = readdirSync(join(chart, 'files/connectors')).sort();
    const originals = readdirSync(join(root, 'connectors'))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    assert.deepEqual(copies, originals);
    for (const file of originals) {
      assert.equal(
        readFileSync(join(chart, 'files/connectors', file), 'utf8'),
        read(`connectors/${file}`),
        `cp connectors/${file} deploy/helm/profile-cdc/files/connectors/`,
      );
    }
    assert.equal(
      readFileSync(join(chart, 'files/profile-cdc.rules.yaml'), 'utf8'),
      read('grafana/alerts/profile-cdc.rules.yaml'),
      'cp grafana/alerts/profile-cdc.rules.yaml deploy/helm/profile-cdc/files/',
    );
  });

  test('helm lint --strict, with the default and the full values', (t) => {
    const helm = requireTool(t, 'helm');
    if (!helm) return;
    runOk(helm, ['lint', '--strict', chart]);
    runOk(helm, ['lint', '--strict', chart, '-f', fullValues]);
  });

  test('helm template, default values', (t) => {
    const helm = requireTool(t, 'helm');
    if (!helm) return;
    const manifests = helmTemplate(helm);
    assert.deepEqual(manifests.map((m) => m.kind).sort(), [
      'ConfigMap',
      'ConfigMap',
      'Deployment',
      'Deployment',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    checkRendered(manifests, {
      sinkReplicas: 2,
      connectors: loadConnectors().map((c) => c.name),
      secrets: false,
    });
  });

  test('helm template, full values: secrets as files, ServiceMonitor, PrometheusRule', (t) => {
    const helm = requireTool(t, 'helm');
    if (!helm) return;
    const manifests = helmTemplate(helm, ['-f', fullValues]);
    const { service } = checkRendered(manifests, {
      sinkReplicas: 6,
      connectors: [...loadConnectors().map((c) => c.name), 'pmp'],
      secrets: true,
    });
    const text = JSON.stringify(manifests);
    const values = parse(readFileSync(fullValues, 'utf8')) as {
      secrets: Record<string, { existingSecret: string }>;
    };
    for (const { existingSecret } of Object.values(values.secrets)) assert.ok(text.includes(existingSecret));

    const monitor = ofKind(manifests, 'ServiceMonitor')[0] as Manifest & {
      spec: {
        selector: { matchLabels: Record<string, string> };
        endpoints: {
          port: string;
          path: string;
          relabelings: { targetLabel: string; replacement: string }[];
        }[];
      };
    };
    assert.ok(monitor, 'a ServiceMonitor');
    assert.ok(matches(monitor.spec.selector.matchLabels, service.metadata.labels ?? {}));
    assert.equal(monitor.spec.endpoints[0]?.port, 'metrics');
    assert.equal(monitor.spec.endpoints[0]?.path, '/metrics');
    assert.ok(
      monitor.spec.endpoints[0]?.relabelings.some(
        (r) => r.targetLabel === 'job' && r.replacement === 'profile-cdc',
      ),
      'job="profile-cdc", which the alert rules select',
    );
    const rule = ofKind(manifests, 'PrometheusRule')[0] as Manifest & { spec: unknown };
    assert.ok(rule, 'a PrometheusRule');
    assert.deepEqual(rule.spec, parse(read('grafana/alerts/profile-cdc.rules.yaml')));
  });

  test('helm template refuses Elasticsearch credentials without a key', (t) => {
    const helm = requireTool(t, 'helm');
    if (!helm) return;
    const result = run(helm, ['template', 'cdc', chart, '--set', 'secrets.elasticsearch.existingSecret=es']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /needs passwordKey or apiKeyKey/);
  });
});

// ---------------------------------------------------------------------------------------------------------

test('docs/operations.md shows what setup --print-sql prints', () => {
  assert.ok(read('docs/operations.md').includes(setupSql(allTables())));
  assert.ok(statSync(join(root, 'deploy/tools/install.sh')).mode & 0o100, 'install.sh is executable');
});
