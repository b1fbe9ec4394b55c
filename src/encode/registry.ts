/** What the encoder and decoder need from a Confluent-compatible schema registry (Karapace, Confluent). */
export interface SchemaRegistry {
  /** Registers the schema under the subject (idempotent) and returns its global id. */
  register(subject: string, schemaJson: string): Promise<number>;
  /** The schema text registered under the id. */
  getById(id: number): Promise<string>;
}
