import { lookup } from 'node:dns/promises';
import { ConfigError } from './errors.ts';
import { type PipelineConfig, settingName } from './pipeline.ts';

/** Every host name a setting points the pipeline at, with the setting's key. */
function namedHosts(config: PipelineConfig): { key: string; host: string }[] {
  const hosts = config.kafka.brokers.map((broker) => ({
    key: 'kafka.brokers',
    host: broker.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'),
  }));
  hosts.push({ key: 'elasticsearch.node', host: new URL(config.elasticsearch.node).hostname });
  for (const node of config.elasticsearch.nodes)
    hosts.push({ key: 'elasticsearch.nodes', host: new URL(node).hostname });
  hosts.push({ key: 'postgres.host', host: config.postgres.host });
  for (const [database, url] of Object.entries(config.postgres.urls)) {
    const host = URL.canParse(url) ? new URL(url).hostname : '';
    if (host) hosts.push({ key: `postgres.urls.${database}`, host });
  }
  return hosts;
}

/**
 * Fails at start-up, naming the setting and where it was set, when a host name in the settings does not
 * resolve at all ("kafka.brokers (from PROFILE_CDC_KAFKA_BROKERS): cannot resolve notahost"): a typo that
 * no retry mends. A host that resolves but does not answer yet is a dependency outage, retried later.
 */
export async function checkHostsResolve(config: PipelineConfig): Promise<void> {
  for (const { key, host } of namedHosts(config)) {
    try {
      await lookup(host);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOTFOUND') continue;
      throw new ConfigError(`${settingName(config, key)}: cannot resolve ${host}`);
    }
  }
}
