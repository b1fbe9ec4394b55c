import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/pipeline.ts';
import { loadConnectors } from '../../connectors/load.ts';
import { indexOf } from '../../operations/dashboards/profiles.ts';
import type { ProfileName } from '../../operations/dashboards/types.ts';
import { collectReport } from '../../operations/report/collect.ts';
import { renderReport } from '../../operations/report/html.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { parseIndexPrefix } from './kibana.ts';

/** The Elasticsearch URL without user info, for the report's header. */
const publicUrl = (node: string) => {
  const url = new URL(node);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/$/, '');
};

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('a self-contained HTML page with the dashboards\u2019 charts, for people without Kibana')
    .requiredOption('--out <file>', 'the HTML file to write')
    .option(
      '--index-prefix <prefix>',
      'read <prefix>-prereg, <prefix>-regprc, ... (default: the indices connectors/*.yaml name)',
    )
    .option('--title <text>', 'page title', 'MOSIP anonymous profiles')
    .option(
      '-c, --config <file>',
      'YAML config file for the Elasticsearch connection (default: $PROFILE_CDC_CONFIG); PROFILE_CDC_ES_* override it',
    )
    .action(async (opts: { out: string; indexPrefix?: string; title: string; config?: string }) => {
      const prefix = parseIndexPrefix(opts.indexPrefix);
      const config = loadConfig(opts.config ?? process.env.PROFILE_CDC_CONFIG);
      const connectors = prefix === undefined ? loadConnectors() : [];
      const indexFor = (profile: ProfileName) =>
        prefix !== undefined
          ? indexOf(profile, prefix)
          : (connectors.find((c) => c.name === profile)?.index ?? indexOf(profile));
      const es = elasticsearchClient(config.elasticsearch);
      try {
        const report = await collectReport(es, {
          indexOf: indexFor,
          title: opts.title,
          source: publicUrl(config.elasticsearch.node),
        });
        writeFileSync(opts.out, renderReport(report));
        let charts = 0;
        for (const s of report.sections) {
          const drawn = s.panels.filter((p) => p.data !== null).length;
          charts += drawn;
          const state = s.documents === null ? 'index not found' : `${s.documents} documents`;
          process.stdout.write(
            `${s.profile.name.padEnd(7)} ${s.index.padEnd(28)} ${state}, ${drawn}/${s.panels.length} panels\n`,
          );
          for (const p of s.panels) {
            if (p.data === null && s.documents !== null)
              process.stderr.write(`profile-cdc: ${p.panel.id}: ${p.error}\n`);
          }
        }
        process.stdout.write(`${charts} charts written to ${opts.out}\n`);
        if (report.sections.every((s) => s.documents === null))
          throw new Error('none of the indices exists: nothing to report (see --index-prefix)');
      } finally {
        await es.close();
      }
    });
}
