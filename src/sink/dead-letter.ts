import { setTimeout as delay } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import type { Connector } from '../connectors/connector.ts';
import type { ChangeRecord, DeadLetter, SourcePosition } from '../encode/change-record.ts';
import type { RecordEncoder } from '../encode/encoder.ts';
import { backoffMs, dependencyBackoff } from '../util/backoff.ts';
import { log } from '../util/log.ts';

/** Sends what the sink cannot index to the dead-letter topic, with the reason and where it came from. */
export class SinkDeadLetters {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly encode: RecordEncoder,
  ) {}

  /** A record Elasticsearch refused for good (mapping error and the like). */
  refused(connector: Connector, record: ChangeRecord<unknown>, reason: string): Promise<void> {
    return this.send({
      reason: `elasticsearch refused: ${reason}`,
      raw: JSON.stringify(record),
      kind: connector.kind,
      op: record.op,
      source: record.source,
      rowId: record.row.id,
      time: new Date().toISOString(),
    });
  }

  /** A message that is not a record we can read; kept whole (base64) with its Kafka position. */
  undecodable(
    connector: Connector,
    value: Buffer,
    at: { topic: string; partition: number; offset: string },
    reason: string,
  ) {
    const source: SourcePosition = {
      connector: connector.name,
      database: connector.database,
      schema: connector.schema,
      table: connector.table,
      lsn: `kafka:${at.topic}/${at.partition}@${at.offset}`,
      txId: null,
      commitTime: null,
    };
    return this.send({
      reason: `undecodable: ${reason}`,
      raw: value.toString('base64'),
      kind: connector.kind,
      op: null,
      source,
      rowId: null,
      time: new Date().toISOString(),
    });
  }

  /** Retried until Kafka takes it: a record is finished only once it is indexed or dead-lettered. */
  private async send(letter: DeadLetter): Promise<void> {
    const messages = [{ key: letter.rowId, value: this.encode('deadletter', letter) }];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.producer.send({ topic: this.topic, acks: -1, messages });
        return;
      } catch (err) {
        const waitMs = backoffMs(attempt, dependencyBackoff);
        log.warn({ err, waitMs }, 'dead-letter topic unreachable; retrying');
        await delay(waitMs);
      }
    }
  }
}
