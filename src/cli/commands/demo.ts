import { resolve } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { localPgUrl } from '../../config/local-stack.ts';
import { loadConfig } from '../../config/pipeline.ts';
import type { Connector } from '../../connectors/connector.ts';
import { loadTables } from '../../connectors/load.ts';
import { forgetSourceState, resetConnectors } from '../../dev/demo/reset.ts';
import { countRows, loadFixture } from '../../dev/fixture/fixture.ts';
import { generateTables } from '../../dev/generate/generate-rows.ts';
import { writeMasterData } from '../../dev/generate/master.ts';
import { createProgressReporter } from '../../dev/generate/progress.ts';
import { isGeneratorTable } from '../../dev/generate/source-row.ts';
import { windowClock } from '../../dev/generate/time.ts';
import { stackSettings } from '../../dev/stack/settings.ts';
import { LocalStack } from '../../dev/stack/stack.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { startSink } from '../../sink/run.ts';
import { startSource } from '../../source/run.ts';
import { logToFile } from '../../util/log.ts';
import { waitFor } from '../../util/wait.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'the whole story on the local stack: MOSIP tables, generated rows, the pipeline, documents per index',
    )
    .option('--rows <n>', 'rows per table before the pipeline starts (its snapshot)', '20000')
    .option('--stream <n>', 'rows per table inserted while it streams', '2000')
    .action(async (opts: { rows: string; stream: string }) => {
      const count = (name: string, value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0)
          throw new ConfigError(`--${name}: '${value}' is not a whole number`);
        return n;
      };
      const rows = count('rows', opts.rows);
      const streamRows = count('stream', opts.stream);
      const started = Date.now();
      const say = (line: string) => process.stdout.write(`${line}\n`);
      // The terminal shows the steps, progress and summary; the pipeline's JSON lines go to a file.
      const logFile = resolve(stackSettings().stateDir, 'demo.log');
      logToFile(logFile);
      say(`logs: ${logFile}`);

      say('1/5 local stack (PostgreSQL, Kafka, Elasticsearch)');
      const stack = await LocalStack.open();
      await stack.up((r) => say(`    ${r.name.padEnd(14)} ${r.outcome} (${r.seconds.toFixed(1)} s)`));
      const urlOf = (db: string) => localPgUrl(stack.settings, db);
      const config = loadConfig(undefined);
      const { profiles: connectors, masters: allMasters } = loadTables();
      const masters = config.master.enabled ? allMasters : [];
      const tables = [...connectors, ...masters];
      const es = elasticsearchClient(config.elasticsearch);

      say('2/5 fresh MOSIP databases and anonymous_profile tables; slots, publications and indices reset');
      await resetConnectors(tables, urlOf, es);
      await forgetSourceState(config, tables);
      await loadFixture(tables, urlOf, { reset: true });
      const [master] = masters;
      if (master) await writeMasterData(urlOf(master.database));
      // The generator knows the four MOSIP services; a connector it has no builder for stays empty.
      const generated = connectors.filter((c) => isGeneratorTable(c.name));
      const targets = generated.map((connector) => ({ connector, url: urlOf(connector.database) }));
      const generatorTables = generated.map((c) => c.name).filter(isGeneratorTable);

      say(`3/5 ${rows} rows per table, written before the pipeline starts`);
      let progress = createProgressReporter(generatorTables, rows);
      // A year of history ending now, so the rows streamed next continue it without a gap.
      const clock = windowClock(Date.now());
      await generateTables({ targets, rows, clock, onProgress: (p) => progress.update(p) });
      progress.stop();

      say(`4/5 pipeline running: snapshot, then ${streamRows} more rows per table streamed`);
      const pipelineStarted = Date.now();
      const source = await startSource(config, tables);
      let qualityIssues = 0;
      const sink = await startSink(
        config,
        connectors,
        {
          fieldIssues: (_connector, issues) => {
            qualityIssues += issues.length;
          },
        },
        masters,
      );
      try {
        progress = createProgressReporter(generatorTables, streamRows);
        await generateTables({
          targets,
          rows: streamRows,
          rate: Math.max(1, Math.ceil(streamRows / 10)),
          seed: `demo-stream-${started}`,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        const lastInsert = Date.now();
        const expected = await countRows(connectors, urlOf);
        const indexed = async () => {
          await es.indices.refresh({ index: connectors.map((c) => c.index) });
          return new Map(
            await Promise.all(
              connectors.map(async (c) => [c.name, (await es.count({ index: c.index })).count] as const),
            ),
          );
        };
        let last = new Map<string, number>();
        await waitFor(
          async () => {
            last = await indexed();
            return connectors.every((c) => last.get(c.name) === expected.get(c.name));
          },
          {
            timeoutMs: 600_000,
            intervalMs: 1000,
            what: () =>
              `every row indexed (${[...last].map(([k, v]) => `${k} ${v}/${expected.get(k)}`).join(', ')})`,
          },
        );
        const searchable = Date.now();
        const seconds = (searchable - pipelineStarted) / 1000;

        say('5/5 summary');
        const registrations = await registrationsIn(es, connectors);
        say(`    ${'table'.padEnd(28)} ${'rows'.padStart(9)} ${'documents'.padStart(10)}  index`);
        for (const c of connectors) {
          const table = `${c.schema}.${c.table}`;
          const perStage = registrations.get(c.name);
          say(
            `    ${table.padEnd(28)} ${String(expected.get(c.name)).padStart(9)} ${String(last.get(c.name)).padStart(10)}  ${c.index}` +
              (perStage === undefined ? '' : `  (${perStage} registrations: one row per processing stage)`),
          );
        }
        const total = [...expected.values()].reduce((a, b) => a + b, 0);
        const dropped = [...sink.stats.dropped.values()].reduce((a, b) => a + b, 0);
        const sourceLetters = source.sources.reduce((n, s) => n + s.stats.deadLettered, 0);
        say(
          `    ${total} rows indexed, ${seconds.toFixed(1)} s after the pipeline started; the last row inserted was ` +
            `searchable ${((searchable - lastInsert) / 1000).toFixed(1)} s after its insert (at most: checked every second)`,
        );
        say(
          `    dead letters: ${sourceLetters} from the source, ${sink.stats.deadLettered} from the sink; ` +
            `data-quality issues (a field kept as unknown): ${qualityIssues}; fields dropped by the privacy guard: ${dropped}`,
        );
        const byAge = await es.search({
          index: connectors.filter((c) => c.kind === 'registration').map((c) => c.index),
          size: 0,
          aggs: { age: { terms: { field: 'ageGroup', size: 10 } } },
        });
        const age = byAge.aggregations?.age as { buckets: { key: string; doc_count: number }[] } | undefined;
        const buckets = age?.buckets ?? [];
        say(
          `    registration rows by age group: ${buckets.map((b) => `${b.key} ${b.doc_count}`).join(', ')}`,
        );
        if (masters.length > 0) say(`    master data: ${await centreJoins(es, connectors)}`);
        say(`    logs: ${logFile}`);
        say(
          `done in ${((Date.now() - started) / 1000).toFixed(1)} s; the stack stays up (npx profile-cdc stack down)`,
        );
      } finally {
        await source.stop();
        await sink.stop();
        await es.close();
      }
    });
}

/**
 * Registrations in regprc's index: it holds a row per processing stage, and every registration passes
 * the first one (SYNC) once, so that stage's documents count registrations.
 */
async function registrationsIn(es: Client, connectors: readonly Connector[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const c of connectors.filter((x) => x.name === 'regprc')) {
    const { count } = await es.count({ index: c.index, query: { term: { processStage: 'SYNC' } } });
    counts.set(c.name, count);
  }
  return counts;
}

/** How many registration documents carry their centre's name and a point on the map. */
async function centreJoins(es: Client, connectors: readonly Connector[]): Promise<string> {
  const index = connectors.filter((c) => c.kind === 'registration').map((c) => c.index);
  const count = async (field: string) => (await es.count({ index, query: { exists: { field } } })).count;
  const [named, withCentre, mapped] = [
    await count('centre.name'),
    await count('registrationCenterId'),
    await count('centre.geo'),
  ];
  return `${named} of ${withCentre} registration documents naming a centre carry its name, ${mapped} a point on the map`;
}
