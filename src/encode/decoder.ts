import type { Type } from 'avsc';
import { readConfluent } from './confluent.ts';
import { decodeDatum } from './datum.ts';
import { schemaFingerprint } from './fingerprint.ts';
import { parseSchema } from './parse-schema.ts';
import type { SchemaRegistry } from './registry.ts';
import { readSingleObject } from './single-object.ts';

export type DecodedMessage =
  | { format: 'single-object'; fingerprint: bigint; writer: Type; value: unknown }
  | { format: 'confluent'; schemaId: number; writer: Type; value: unknown };

export interface DecoderOptions {
  /** Writer schemas single-object messages may name by fingerprint. */
  schemas?: Iterable<Type>;
  /** Where Confluent-framed messages' schema ids are looked up. */
  registry?: SchemaRegistry;
}

/** Decodes single-object or Confluent-framed Avro messages into plain values. */
export class Decoder {
  readonly #byFingerprint = new Map<bigint, Type>();
  readonly #byId = new Map<number, Promise<Type>>();
  /** The schemas of #byId that have arrived. */
  readonly #looked = new Map<number, Type>();
  readonly #registry: SchemaRegistry | undefined;

  constructor(options: DecoderOptions = {}) {
    for (const type of options.schemas ?? []) this.#byFingerprint.set(schemaFingerprint(type), type);
    this.#registry = options.registry;
  }

  /** `reader`, when given, is the schema to read as (an evolved version of the writer's). */
  async decode(message: Buffer, reader?: Type): Promise<DecodedMessage> {
    const known = this.decodeNow(message, reader);
    if (known) return known;
    const framed = readConfluent(message) as { schemaId: number; datum: Buffer };
    const writer = await this.#schemaById(framed.schemaId);
    return this.#confluent(framed, writer, reader);
  }

  /**
   * decode without waiting, when the writer schema is at hand: always for single-object messages, for
   * Confluent-framed ones once their schema id has been looked up. Undefined when the registry has to be
   * asked first (decode does that). Throws what decode would reject with.
   */
  decodeNow(message: Buffer, reader?: Type): DecodedMessage | undefined {
    const single = readSingleObject(message);
    if (single) {
      const writer = this.#byFingerprint.get(single.fingerprint);
      if (!writer)
        throw new Error(`unknown schema fingerprint ${single.fingerprint.toString(16).padStart(16, '0')}`);
      const value = decodeDatum(writer, single.datum, reader);
      return { format: 'single-object', fingerprint: single.fingerprint, writer, value };
    }
    const framed = readConfluent(message);
    if (framed) {
      const writer = this.#looked.get(framed.schemaId);
      return writer ? this.#confluent(framed, writer, reader) : undefined;
    }
    const head = message.subarray(0, 2).toString('hex') || 'nothing';
    throw new Error(`not an Avro message: starts with ${head} (expected c301 or 00)`);
  }

  #confluent(framed: { schemaId: number; datum: Buffer }, writer: Type, reader?: Type): DecodedMessage {
    return {
      format: 'confluent',
      schemaId: framed.schemaId,
      writer,
      value: decodeDatum(writer, framed.datum, reader),
    };
  }

  #schemaById(id: number): Promise<Type> {
    let type = this.#byId.get(id);
    if (!type) {
      const registry = this.#registry;
      if (!registry) return Promise.reject(new Error(`schema id ${id}: no schema registry configured`));
      type = registry.getById(id).then(parseSchema);
      type.then((t) => this.#looked.set(id, t)).catch(() => undefined);
      type.catch(() => this.#byId.delete(id)); // a failed lookup is retried next time
      this.#byId.set(id, type);
    }
    return type;
  }
}
