import type { Command } from 'commander';
import { topicOf } from '../../connectors/connector.ts';
import { readProcesses, ServiceProbe } from '../../operations/status/collect.ts';
import { connectorStatus, formatStatus } from '../../operations/status/view.ts';
import { resolvePipeline, withPipelineOptions } from '../pipeline-options.ts';

type StatusOptions = {
  config?: string;
  connectors?: string;
  endpoint?: string[];
  watch?: boolean;
  interval: string;
};

export function registerStatus(program: Command): void {
  withPipelineOptions(
    program
      .command('status')
      .description(
        "one screen per pipeline: per connector its state (snapshot x%, streaming, stalled, reconnecting), slot lag, last commit, records published, consumer lag, documents, dead letters and data-quality issues, from the running process's /metrics and the services themselves",
      ),
  )
    .option(
      '--endpoint <url...>',
      "the running pipeline's metrics endpoint(s), e.g. one per source and sink process (default: http://127.0.0.1:<metrics.port>)",
    )
    .option('-w, --watch', 'refresh in place until Ctrl-C')
    .option('--interval <seconds>', 'refresh interval with --watch', '2')
    .action(async (opts: StatusOptions) => {
      const { config, connectors: profiles, masters } = await resolvePipeline(opts);
      const connectors = [...profiles, ...masters];
      const endpoints = opts.endpoint?.length ? opts.endpoint : [`http://127.0.0.1:${config.metrics.port}`];
      const probe = new ServiceProbe(config);
      const screen = async () => {
        const [process, direct] = await Promise.all([readProcesses(endpoints), probe.facts(connectors)]);
        const rows = connectors.map((c) =>
          connectorStatus(
            { name: c.name, topic: topicOf(c, config.kafka.topicPrefix) },
            process,
            direct.get(c.name) ?? { slotLagBytes: null, walStatus: null, consumerLag: null, documents: null },
          ),
        );
        return formatStatus(rows, process, endpoints, new Date());
      };
      try {
        if (!opts.watch) {
          globalThis.process.stdout.write(await screen());
          return;
        }
        const intervalMs = Math.max(0.5, Number(opts.interval) || 2) * 1000;
        let stop = false;
        globalThis.process.once('SIGINT', () => {
          stop = true;
        });
        while (!stop) {
          const text = await screen();
          // Home and clear below: the screen is redrawn in place, without scrolling.
          globalThis.process.stdout.write(`\x1b[H\x1b[J${text}`);
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      } finally {
        await probe.close();
      }
    });
}
