/**
 * Chunk windows of the watermark technique (DBLog): between a chunk's low and high watermark in the
 * stream, every key the stream changes is noted; at the high watermark, the chunk's copies of those rows
 * are stale or no newer than the stream's own events, so only the other rows are published. A window
 * is known before its low watermark arrives; the stream itself says when it opens and closes.
 */
export class ChunkWindows {
  private readonly expected = new Set<string>();
  private readonly open = new Map<string, Set<string>>();

  /** A low watermark for `id` is about to be written. */
  expect(id: string): void {
    this.expected.add(id);
  }

  /** The stream reached the low watermark of `id`. */
  low(id: string): void {
    if (this.expected.has(id)) this.open.set(id, new Set());
  }

  /** The stream changed the row `key` (insert, update or delete). */
  changed(key: string): void {
    for (const keys of this.open.values()) keys.add(key);
  }

  /**
   * The stream reached the high watermark of `id`: the keys changed inside the window, or null when
   * the window never opened here (its low watermark was read by an earlier connection).
   */
  high(id: string): Set<string> | null {
    const keys = this.open.get(id) ?? null;
    this.open.delete(id);
    this.expected.delete(id);
    return keys;
  }

  /** Forgets `id` (its chunk gave up). */
  drop(id: string): void {
    this.open.delete(id);
    this.expected.delete(id);
  }

  /** Windows waiting or open. */
  get size(): number {
    return this.expected.size;
  }
}
