import type { Client } from '@elastic/elasticsearch';
import type { Admin } from 'kafkajs';
import { databaseUrl } from '../../config/database-url.ts';
import type { PipelineConfig } from '../../config/pipeline.ts';
import { type TableConnector, topicOf } from '../../connectors/connector.ts';
import { kafkaClient, probeClientOptions } from '../../kafka/client.ts';
import { elasticsearchClient } from '../../sink/elasticsearch.ts';
import { pgClient } from '../../util/pg-client.ts';
import { consumerLag, slotLag } from '../metrics/watch.ts';
import { parsePrometheusText, type Sample } from './prometheus-text.ts';
import type { DirectFacts, ProcessFacts } from './view.ts';

const timeoutMs = 3_000;

/** The metrics and readiness of the running pipeline's processes (merged), or null if none answered. */
export async function readProcesses(endpoints: readonly string[]): Promise<ProcessFacts> {
  const answers = await Promise.all(
    endpoints.map(async (base) => {
      try {
        const url = base.replace(/\/$/, '');
        const metrics = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
        if (!metrics.ok) return null;
        const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await ready.json().catch(() => ({}))) as { reasons?: string[] };
        return {
          samples: parsePrometheusText(await metrics.text()),
          ok: ready.ok,
          reasons: body.reasons ?? [],
        };
      } catch {
        return null;
      }
    }),
  );
  const answered = answers.filter((a) => a !== null);
  if (answered.length === 0) return null;
  const samples: Sample[] = answered.flatMap((a) => a.samples);
  return {
    samples,
    ready: { ok: answered.every((a) => a.ok), reasons: answered.flatMap((a) => a.reasons) },
  };
}

async function slotOf(config: PipelineConfig, c: TableConnector) {
  const db = pgClient({
    connectionString: databaseUrl(config.postgres, c.database),
    connectionTimeoutMillis: timeoutMs,
  });
  try {
    await db.connect();
    const slot = await slotLag(db, c.slot);
    return { slotLagBytes: slot?.lagBytes ?? null, walStatus: slot ? slot.walStatus : 'no slot' };
  } catch {
    return { slotLagBytes: null, walStatus: null };
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Reads each service for what it knows first-hand: slot lag, the sink group's lag, documents. */
export class ServiceProbe {
  private readonly admin: Admin;
  private readonly es: Client;
  private connected = false;

  constructor(private readonly config: PipelineConfig) {
    this.admin = kafkaClient(config.kafka, 'status', probeClientOptions).admin();
    this.es = elasticsearchClient(config.elasticsearch, timeoutMs);
  }

  /** A master-data connector (no index) has no documents and no sink lag of its own: each sink reads it whole. */
  async facts(
    connectors: readonly (TableConnector & { index?: string })[],
  ): Promise<Map<string, DirectFacts>> {
    const topics = connectors.map((c) => topicOf(c, this.config.kafka.topicPrefix));
    const lags = await this.lags(topics.filter((_, i) => connectors[i]?.index !== undefined));
    const facts = new Map<string, DirectFacts>();
    await Promise.all(
      connectors.map(async (c, i) => {
        const slot = await slotOf(this.config, c);
        const documents = c.index
          ? await this.es
              .count({ index: c.index })
              .then((r) => r.count)
              .catch(() => null)
          : null;
        facts.set(c.name, { ...slot, consumerLag: lags?.get(topics[i] as string) ?? null, documents });
      }),
    );
    return facts;
  }

  private async lags(topics: string[]): Promise<Map<string, number> | null> {
    try {
      if (!this.connected) await this.admin.connect();
      this.connected = true;
      const lags = await consumerLag(this.admin, this.config.sink.groupId, topics);
      const byTopic = new Map<string, number>();
      for (const l of lags) byTopic.set(l.topic, (byTopic.get(l.topic) ?? 0) + l.lag);
      return byTopic;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
    await this.es.close().catch(() => undefined);
  }
}
