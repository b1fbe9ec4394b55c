import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { localPgUrl } from '../../config/local-stack.ts';
import { loadConfig } from '../../config/pipeline.ts';
import { loadConnectors } from '../../connectors/load.ts';
import { forgetSourceState, resetConnectors } from '../../dev/demo/reset.ts';
import { countRows, loadFixture } from '../../dev/fixture/fixture.ts';
import { generateTables } from '../../dev/generate/generate-rows.ts';
import { createProgressReporter } from '../../dev/generate/progress.ts';
import { isGeneratorTable } from '../../dev/generate/source-row.ts';
import { LocalStack } from '../../dev/stack/stack.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { startSink } from '../../sink/run.ts';
import { startSource } from '../../source/run.ts';
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

      say('1/5 local stack (PostgreSQL, Kafka, Elasticsearch)');
      const stack = await LocalStack.open();
      await stack.up((r) => say(`    ${r.name.padEnd(14)} ${r.outcome} (${r.seconds.toFixed(1)} s)`));
      const urlOf = (db: string) => localPgUrl(stack.settings, db);
      const config = loadConfig(undefined);
      const connectors = loadConnectors();
      const es = elasticsearchClient(config.elasticsearch);

      say('2/5 fresh MOSIP databases and anonymous_profile tables; slots, publications and indices reset');
      await resetConnectors(connectors, urlOf, es);
      await forgetSourceState(config, connectors);
      await loadFixture(connectors, urlOf, { reset: true });
      // The generator knows the four MOSIP services; a connector it has no builder for stays empty.
      const generated = connectors.filter((c) => isGeneratorTable(c.name));
      const targets = generated.map((connector) => ({ connector, url: urlOf(connector.database) }));
      const tables = generated.map((c) => c.name).filter(isGeneratorTable);

      say(`3/5 ${rows} rows per table, written before the pipeline starts`);
      let progress = createProgressReporter(tables, rows);
      await generateTables({ targets, rows, onProgress: (p) => progress.update(p) });
      progress.stop();

      say(`4/5 pipeline running: snapshot, then ${streamRows} more rows per table streamed`);
      const pipelineStarted = Date.now();
      const source = await startSource(config, connectors);
      const sink = await startSink(config, connectors);
      try {
        progress = createProgressReporter(tables, streamRows);
        await generateTables({
          targets,
          rows: streamRows,
          rate: Math.max(1, Math.ceil(streamRows / 10)),
          seed: `demo-stream-${started}`,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
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
        const seconds = (Date.now() - pipelineStarted) / 1000;

        say('5/5 summary');
        say(`    ${'table'.padEnd(28)} ${'rows'.padStart(9)} ${'documents'.padStart(10)}  index`);
        for (const c of connectors) {
          const table = `${c.schema}.${c.table}`;
          say(
            `    ${table.padEnd(28)} ${String(expected.get(c.name)).padStart(9)} ${String(last.get(c.name)).padStart(10)}  ${c.index}`,
          );
        }
        const total = [...expected.values()].reduce((a, b) => a + b, 0);
        const dropped = [...sink.stats.dropped.values()].reduce((a, b) => a + b, 0);
        say(
          `    ${total} rows indexed, ${seconds.toFixed(1)} s after the pipeline started (the last ${streamRows} per table ` +
            `were inserted over ~10 s while it streamed); ` +
            `dead letters ${sink.stats.deadLettered}, fields dropped by the privacy guard ${dropped}`,
        );
        const byAge = await es.search({
          index: connectors.filter((c) => c.kind === 'registration').map((c) => c.index),
          size: 0,
          aggs: { age: { terms: { field: 'ageGroup', size: 10 } } },
        });
        const age = byAge.aggregations?.age as { buckets: { key: string; doc_count: number }[] } | undefined;
        const buckets = age?.buckets ?? [];
        say(`    registrations by age group: ${buckets.map((b) => `${b.key} ${b.doc_count}`).join(', ')}`);
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
