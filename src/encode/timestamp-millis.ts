import avro, { type Type } from 'avsc';

/** Avro timestamp-millis as a JS Date (avsc reads it as a plain long unless given this class). */
export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(millis: unknown): Date {
    return new Date(millis as number | Date);
  }

  protected override _toValue(value: unknown): number | undefined {
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : undefined;
  }

  // A writer's plain long or timestamp-millis reads as a Date; anything else cannot be resolved.
  protected override _resolve(writer: Type): ((value: unknown) => Date) | undefined {
    if (!avro.Type.isType(writer, 'long', 'logical:timestamp-millis')) return undefined;
    return (value) => this._fromValue(value);
  }
}
