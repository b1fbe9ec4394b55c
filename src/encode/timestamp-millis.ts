import avro, { type Type } from 'avsc';
import { parseTimestamp } from '../util/timestamp.ts';

/** Epoch millis of an ISO-8601 string, epoch millis or a Date; NaN for anything that is not a timestamp. */
export function timestampMillis(value: unknown): number {
  if (typeof value === 'string') return parseTimestamp(value) ?? Number.NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  return value instanceof Date ? value.getTime() : Number.NaN;
}

/**
 * Avro timestamp-millis in the project's plain model: written from an ISO-8601 string (or epoch
 * millis, or a Date), read back as an ISO-8601 string. Converting here, inside avsc's own write and
 * read, spares a second walk over every record on both sides of Kafka.
 */
export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(millis: unknown): string {
    return new Date(millis as number).toISOString();
  }

  // avsc asks this of every value offered to a nullable timestamp union, nulls included: undefined
  // says "not this branch" cheaply. A value that is not a timestamp throws, so a write fails instead
  // of writing garbage.
  protected override _toValue(value: unknown): number | undefined {
    if (value === null || value === undefined) return undefined;
    const millis = timestampMillis(value);
    if (!Number.isFinite(millis)) throw new TypeError(`not a timestamp: ${JSON.stringify(value)}`);
    return millis;
  }

  // A writer's plain long or timestamp-millis reads as a timestamp; anything else cannot be resolved.
  protected override _resolve(writer: Type): ((value: unknown) => string) | undefined {
    if (!avro.Type.isType(writer, 'long', 'logical:timestamp-millis')) return undefined;
    return (value) => this._fromValue(value);
  }
}
