import type { Command } from 'commander';
import { checkHostsResolve } from '../config/hosts.ts';
import { loadConfig, type PipelineConfig } from '../config/pipeline.ts';
import type { Connector, MasterConnector } from '../connectors/connector.ts';
import { loadTables, selectTables } from '../connectors/load.ts';

export type PipelineOptions = { config?: string; connectors?: string };

/** Options every pipeline command shares: the config file and which connectors to run. */
export function withPipelineOptions(command: Command): Command {
  return command
    .option(
      '-c, --config <file>',
      'YAML config file (default: $PROFILE_CDC_CONFIG); PROFILE_CDC_* variables override it',
    )
    .option('--connectors <names>', 'comma-separated connector names, or all (default: source.connectors)');
}

/**
 * The validated config and the selected connectors (profile tables, and the master-data tables unless
 * master.enabled is off); a bad key, or a host name that does not resolve, fails here, at start-up, naming
 * the setting.
 */
export async function resolvePipeline(
  opts: PipelineOptions,
): Promise<{ config: PipelineConfig; connectors: Connector[]; masters: MasterConnector[] }> {
  const config = loadConfig(opts.config ?? process.env.PROFILE_CDC_CONFIG);
  const { profiles, masters } = selectTables(loadTables(), opts.connectors ?? config.source.connectors);
  await checkHostsResolve(config);
  return { config, connectors: profiles, masters: config.master.enabled ? masters : [] };
}
