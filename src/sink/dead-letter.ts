import { setTimeout as delay } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import type { Connector } from '../connectors/connector.ts';
import type { ChangeRecord, DeadLetterCategory, SourcePosition } from '../encode/change-record.ts';
import { type DeadLetterFacts, type DeadLetterLimits, deadLetter } from '../encode/dead-letter.ts';
import type { RecordEncoder } from '../encode/encoder.ts';
import { isPermanent } from '../kafka/errors.ts';
import { backoffMs, dependencyBackoff } from '../util/backoff.ts';
import { log } from '../util/log.ts';

/** Sends what the sink cannot index to the dead-letter topic, with the reason and where it came from. */
export class SinkDeadLetters {
  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly topic: string,
    private readonly encode: RecordEncoder,
    private readonly limits: DeadLetterLimits,
    /** Told once Kafka has the letter. */
    private readonly onSent: (connector: Connector, category: DeadLetterCategory) => void = () => undefined,
  ) {}

  /** A record Elasticsearch refused for good (mapping error and the like). */
  refused(connector: Connector, record: ChangeRecord<unknown>, reason: string): Promise<void> {
    return this.send(connector, {
      category: 'elasticsearch-refused',
      reason: `elasticsearch refused: ${reason}`,
      raw: JSON.stringify(record),
      kind: connector.kind,
      op: record.op,
      source: record.source,
      rowId: record.row.id,
    });
  }

  /** A message that is not a record we can read; kept (base64) with its Kafka position. */
  undecodable(
    connector: Connector,
    value: Buffer,
    at: { topic: string; partition: number; offset: string },
    reason: string,
  ): Promise<void> {
    const source: SourcePosition = {
      connector: connector.name,
      database: connector.database,
      schema: connector.schema,
      table: connector.table,
      lsn: `kafka:${at.topic}/${at.partition}@${at.offset}`,
      txId: null,
      commitTime: null,
    };
    return this.send(connector, {
      category: 'undecodable',
      reason: `undecodable: ${reason}`,
      raw: value.toString('base64'),
      kind: connector.kind,
      op: null,
      source,
      rowId: null,
    });
  }

  /**
   * Retried while Kafka is unreachable: a record is finished only once it is indexed or dead-lettered. A
   * refusal that cannot change on retry (authorisation, an invalid topic) fails the consumer instead.
   */
  private async send(connector: Connector, facts: DeadLetterFacts): Promise<void> {
    const letter = deadLetter(facts, this.limits);
    const messages = [{ key: letter.rowId, value: this.encode('deadletter', letter) }];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.producer.send({ topic: this.topic, acks: -1, messages });
        this.onSent(connector, facts.category);
        return;
      } catch (err) {
        if (isPermanent(err)) throw err;
        const waitMs = backoffMs(attempt, dependencyBackoff);
        log.warn({ err, waitMs }, 'dead-letter topic unreachable; retrying');
        await delay(waitMs);
      }
    }
  }
}
