import type { Client } from '@elastic/elasticsearch';
import type { PipelineConfig } from '../../config/pipeline.ts';
import type { TableConnector } from '../../connectors/connector.ts';
import { kafkaClient } from '../../kafka/client.ts';
import { connectedProducer } from '../../kafka/producer.ts';
import { stateTopic } from '../../kafka/topics.ts';
import { snapshotRecordKey } from '../../source/snapshot/job.ts';
import { KafkaStateStore } from '../../source/state.ts';
import { pgClient } from '../../util/pg-client.ts';

/**
 * A clean slate for a demo run: each connector's slot and publication dropped (the next source start
 * takes a fresh snapshot) and its Elasticsearch alias and versioned indices deleted. Tables are reset by
 * loadFixture({ reset: true }).
 */
export async function resetConnectors(
  connectors: readonly (TableConnector & { index?: string })[],
  urlOf: (database: string) => string,
  es: Client,
): Promise<void> {
  for (const c of connectors) {
    const db = pgClient({ connectionString: urlOf(c.database) });
    await db.connect().catch(() => undefined);
    try {
      await db.query(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
        [c.slot],
      );
      await db.query(`DROP PUBLICATION IF EXISTS "${c.publication}"`);
    } catch {
      // The database does not exist yet: nothing to reset.
    } finally {
      await db.end().catch(() => undefined);
    }
    if (c.index)
      await es.indices.delete({ index: `${c.index}-v*`, ignore_unavailable: true, allow_no_indices: true });
  }
}

/** Forgets the connectors' saved source state, so the next start is a first start (not a lost slot). */
export async function forgetSourceState(
  config: PipelineConfig,
  connectors: readonly TableConnector[],
): Promise<void> {
  const kafka = kafkaClient(config.kafka, 'demo');
  const producer = await connectedProducer(kafka);
  try {
    const store = new KafkaStateStore(kafka, producer, stateTopic(config.kafka));
    await store.forget(connectors.flatMap((c) => [c.name, snapshotRecordKey(c.name)]));
  } finally {
    await producer.disconnect();
  }
}
