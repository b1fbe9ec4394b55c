import type { JsonObject } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { decimal, integer, text } from '../../normalise/scalars.ts';

/**
 * Readers of one master row's columns, as pgoutput (text) or a snapshot query (typed) gives them: a column
 * that cannot be used is null, with its issue in the log, like a profile's field.
 */
export class MasterColumns {
  constructor(
    private readonly row: JsonObject,
    private readonly q: QualityLog,
  ) {}

  text(column: string): string | null {
    return this.q.read(() => text({ path: column, value: this.row[column] }));
  }

  integer(column: string, min: number, max: number): number | null {
    return this.q.read(() => integer({ path: column, value: this.row[column] }, min, max));
  }

  decimal(column: string, min: number, max: number): number | null {
    return this.q.read(() => decimal({ path: column, value: this.row[column] }, min, max));
  }

  /** pgoutput writes booleans as 't'/'f'. */
  flag(column: string): boolean | null {
    const value = this.row[column];
    if (value === null || value === undefined) return null;
    return value === true || value === 't' || value === 'true';
  }
}
