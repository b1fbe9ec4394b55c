import type { Producer } from 'kafkajs';
import { databaseUrl } from '../config/database-url.ts';
import type { PipelineConfig } from '../config/pipeline.ts';
import type { TableConnector } from '../connectors/connector.ts';
import { kafkaClient } from '../kafka/client.ts';
import { connectedProducer } from '../kafka/producer.ts';
import { stateTopic } from '../kafka/topics.ts';
import { builtInKinds } from '../kinds/index.ts';
import { isMasterKind } from '../kinds/master/index.ts';
import { log } from '../util/log.ts';
import { BuildPool } from './build/pool.ts';
import type { WorkerInit } from './build/protocol.ts';
import { ConnectorSource } from './connector-source.ts';
import { rowEncodings } from './encodings.ts';
import type { RowEncoding } from './messages.ts';
import { savedSnapshotRecord } from './snapshot/job.ts';
import { KafkaStateStore, savedSourceState } from './state.ts';

export type RunningSource = {
  sources: ConnectorSource[];
  /** Resolves when every connector has stopped (initial_only: after its snapshot). */
  done: Promise<void>;
  stop(): Promise<void>;
};

/** Starts the source of each connector in this process: topics, schemas, state, then snapshot and stream. */
export async function startSource(
  config: PipelineConfig,
  connectors: readonly TableConnector[],
): Promise<RunningSource> {
  const kafka = kafkaClient(config.kafka, 'source');
  const encodings = await rowEncodings(kafka, config, connectors);

  const pool = buildPool(config, connectors, encodings);
  const stateProducer = await connectedProducer(kafka);
  const producers: Producer[] = [stateProducer];
  const disconnect = () =>
    Promise.all([...producers.map((p) => p.disconnect().catch(() => undefined)), pool?.close()]);
  try {
    const state = new KafkaStateStore(kafka, stateProducer, stateTopic(config.kafka));
    const saved = await state.load();
    const sources: ConnectorSource[] = [];
    for (const c of connectors) {
      // A producer per connector: a record one topic refuses, or a slow topic, never queues another's.
      const producer = await connectedProducer(kafka);
      producers.push(producer);
      sources.push(
        new ConnectorSource({
          connector: c,
          url: databaseUrl(config.postgres, c.database),
          producer,
          encoding: encodings.get(c.name) as RowEncoding,
          state,
          savedState: savedSourceState(saved, c.name),
          savedSnapshots: savedSnapshotRecord(saved, c.name),
          options: config.source,
          // A kind registered at run time exists in this thread only: its rows are built here.
          pool: pool && (builtIn(c.kind) ? pool : undefined),
        }),
      );
    }
    const done = allStopped(sources);
    return {
      sources,
      done,
      async stop() {
        await Promise.all(sources.map((s) => s.stop()));
        await done.catch(() => undefined);
        await disconnect();
      },
    };
  } catch (err) {
    await disconnect();
    throw err;
  }
}

/**
 * Resolves once every connector has stopped. A connector that fails for good is logged and left stopped
 * (health reports it) while the others go on; only when every one has failed does this reject.
 */
async function allStopped(sources: readonly ConnectorSource[]): Promise<void> {
  const results = await Promise.allSettled(
    sources.map((s) =>
      s.run().catch((err: unknown) => {
        log.fatal({ err, connector: s.name }, 'connector stopped for good; the others go on');
        throw err;
      }),
    ),
  );
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0 && failed.length === results.length)
    throw (failed[0] as PromiseRejectedResult).reason;
}

const builtIn = (kind: string) => (builtInKinds as readonly string[]).includes(kind) || isMasterKind(kind);

/** The build workers of source.buildWorkers (none when 0), each with every connector's encoding. */
function buildPool(
  config: PipelineConfig,
  connectors: readonly TableConnector[],
  encodings: ReadonlyMap<string, RowEncoding>,
): BuildPool | undefined {
  if (config.source.buildWorkers === 0) return undefined;
  const built = connectors.filter((c) => builtIn(c.kind));
  if (built.length === 0) return undefined;
  const init: WorkerInit = { connectors: built, encodings: [], schemaIds: null };
  for (const c of built) {
    const { encode: _encode, schemaIds, ...encoding } = encodings.get(c.name) as RowEncoding;
    init.encodings.push([c.name, encoding]);
    if (schemaIds) init.schemaIds = [...schemaIds];
  }
  return new BuildPool(config.source.buildWorkers, init);
}
