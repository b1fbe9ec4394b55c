import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { encoderFor } from '../../encode/encoder.ts';
import { loadSchemas } from '../../kinds/schemas.ts';
import { type RowEncoding, rowMessages } from '../messages.ts';
import { type BuildRequest, type BuiltRow, packReply, type WorkerInit } from './protocol.ts';

/**
 * A build worker: rows in, Kafka messages out (normalise, record, Avro), as the replication thread would
 * build them (rowMessages), with an encoder of its own made from the same schemas and registry ids.
 */
export function serveBuilds(init: WorkerInit, port: MessagePort): void {
  const encode = encoderFor(loadSchemas(), init.schemaIds ? new Map(init.schemaIds) : undefined);
  const connectors = new Map(init.connectors.map((c) => [c.name, c]));
  const encodings = new Map<string, RowEncoding>(init.encodings.map(([name, e]) => [name, { ...e, encode }]));
  port.on('message', (request: BuildRequest) => {
    try {
      const connector = connectors.get(request.connector);
      const encoding = encodings.get(request.connector);
      if (!connector || !encoding) throw new Error(`no connector ${request.connector} in this worker`);
      const built = request.items.map(({ op, row, at }): BuiltRow => {
        const { built: record, messages } = rowMessages(connector, op, row, at, encoding);
        if (record.kind !== 'dead-letter') return { messages };
        const { category, reason } = record.deadLetter;
        return { messages, letter: { key: record.key, category, reason } };
      });
      const { reply, transfer } = packReply(request.id, built);
      port.postMessage(reply, transfer);
    } catch (err) {
      port.postMessage({ id: request.id, error: (err as Error).message });
    }
  });
}

if (!isMainThread && parentPort) serveBuilds(workerData as WorkerInit, parentPort);
