import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { kibanaNdjson, savedObjects } from '../../operations/dashboards/kibana.ts';
import {
  importReport,
  importSavedObjects,
  importSucceeded,
  type KibanaAuth,
} from '../../operations/dashboards/kibana-import.ts';

const examples = `
Examples:
  profile-cdc kibana export --out kibana/profile-cdc.ndjson      regenerate the committed file
  profile-cdc kibana import --url http://localhost:5601
  profile-cdc kibana import --url https://kibana.example.org --space mosip --api-key "$KEY"
  PROFILE_CDC_KIBANA_PASSWORD=... profile-cdc kibana import --url https://kibana:5601 --user elastic`;

/** Elasticsearch index names: lower case, no leading dash, underscore or dot. */
export function parseIndexPrefix(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(value))
    throw new ConfigError(`--index-prefix: '${value}' is not the start of a lower-case index name`);
  return value;
}

interface ImportFlags {
  url: string;
  space?: string;
  apiKey?: string;
  user?: string;
  password?: string;
  file?: string;
  indexPrefix?: string;
}

function parseAuth(flags: ImportFlags, env: NodeJS.ProcessEnv): KibanaAuth {
  const apiKey = flags.apiKey ?? env.PROFILE_CDC_KIBANA_API_KEY;
  const password = flags.password ?? env.PROFILE_CDC_KIBANA_PASSWORD;
  if (apiKey && flags.user) throw new ConfigError('--api-key and --user: give one of them');
  if (apiKey) return { kind: 'apiKey', apiKey };
  if (flags.user) {
    if (!password) throw new ConfigError('--user needs --password (or PROFILE_CDC_KIBANA_PASSWORD)');
    return { kind: 'basic', username: flags.user, password };
  }
  if (flags.password) throw new ConfigError('--password needs --user');
  return { kind: 'none' };
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`--url: '${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`--url: '${value}' is not an http(s) URL`);
  if (url.username || url.password) throw new ConfigError('--url: put credentials in --user/--password');
  return value;
}

export function registerKibana(program: Command): void {
  const kibana = program
    .command('kibana')
    .description(
      'Kibana dashboards of the four profile indices (generated from src/operations/dashboards/panels.ts)',
    )
    .addHelpText('after', examples);

  kibana
    .command('export')
    .description('write the saved objects (data views, Lens visualizations, dashboards) as NDJSON')
    .requiredOption('--out <file>', "file to write ('-' for stdout)")
    .option(
      '--index-prefix <prefix>',
      'data views match <prefix>-prereg, <prefix>-regprc, ... (default: mosip)',
    )
    .action((opts: { out: string; indexPrefix?: string }) => {
      const indexPrefix = parseIndexPrefix(opts.indexPrefix);
      const ndjson = kibanaNdjson(indexPrefix ? { indexPrefix } : {});
      if (opts.out === '-') {
        process.stdout.write(ndjson);
        return;
      }
      writeFileSync(opts.out, ndjson);
      const count = ndjson.trimEnd().split('\n').length - 1;
      process.stdout.write(`${count} saved objects written to ${opts.out}\n`);
    });

  kibana
    .command('import')
    .description(
      'import the saved objects into Kibana (saved objects API, overwriting objects of the same id)',
    )
    .requiredOption('--url <kibana>', "Kibana's base URL, e.g. http://localhost:5601")
    .option('--space <id>', 'Kibana space (default: the default space)')
    .option('--api-key <key>', 'API key (or PROFILE_CDC_KIBANA_API_KEY)')
    .option('--user <name>', 'basic authentication user')
    .option('--password <password>', 'basic authentication password (or PROFILE_CDC_KIBANA_PASSWORD)')
    .option('--file <ndjson>', 'import this NDJSON file instead of the generated objects')
    .option('--index-prefix <prefix>', 'data views match <prefix>-prereg, ... (default: mosip)')
    .addHelpText('after', examples)
    .action(async (flags: ImportFlags) => {
      const url = parseUrl(flags.url);
      if (flags.space !== undefined && !/^[a-z0-9_-]+$/.test(flags.space))
        throw new ConfigError(`--space: '${flags.space}' is not a Kibana space id (a-z, 0-9, _ and -)`);
      const auth = parseAuth(flags, process.env);
      const indexPrefix = parseIndexPrefix(flags.indexPrefix);
      if (flags.file && indexPrefix)
        throw new ConfigError('--index-prefix applies to generated objects, not --file');
      let ndjson: string;
      let expected: number;
      if (flags.file) {
        try {
          ndjson = readFileSync(flags.file, 'utf8');
        } catch (err) {
          throw new ConfigError(`--file: ${err instanceof Error ? err.message : String(err)}`);
        }
        expected = ndjson.split('\n').filter((l) => l.trim() !== '' && !l.includes('"exportedCount"')).length;
      } else {
        const objects = savedObjects(indexPrefix ? { indexPrefix } : {});
        ndjson = kibanaNdjson(indexPrefix ? { indexPrefix } : {});
        expected = objects.length;
      }
      const result = await importSavedObjects(
        { url, auth, ...(flags.space ? { space: flags.space } : {}) },
        ndjson,
      );
      for (const line of importReport(result)) process.stdout.write(`${line}\n`);
      const failed = (result.errors ?? []).length;
      const where = `${url}${flags.space ? ` (space ${flags.space})` : ''}`;
      process.stdout.write(`${result.successCount} of ${expected} saved objects imported into ${where}\n`);
      if (!importSucceeded(result)) throw new Error(`${failed || 'some'} saved objects failed to import`);
    });
}
