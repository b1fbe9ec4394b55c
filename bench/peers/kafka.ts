/**
 * What a tool left in Kafka: records in a topic (the sum of its partitions' offsets) and its size on the
 * local broker's disk (the log segments, as stored: batches, headers, compression); and the registry
 * subjects a run registered, removed at the end.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { localRegistryUrl } from '../../src/config/local-stack.ts';
import { settings } from '../support.ts';

export async function topicRecords(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/**
 * Counts a topic that another process creates: 0 until the topic is listed (asking for the offsets of a
 * topic not there yet makes the client log errors), its records from then on.
 */
export function recordCounter(admin: Admin, topic: string): () => Promise<number> {
  let exists = false;
  return async () => {
    exists ||= (await admin.listTopics()).includes(topic);
    return exists ? topicRecords(admin, topic) : 0;
  };
}

/** Bytes of the topic's .log segments in the single local broker's log directory. */
export function topicBytes(topic: string): number {
  const logDir = join(settings.stateDir, 'kafka', 'data');
  let bytes = 0;
  for (const dir of readdirSync(logDir).filter((d) => d.startsWith(`${topic}-`))) {
    if (!/^\d+$/.test(dir.slice(topic.length + 1))) continue;
    for (const file of readdirSync(join(logDir, dir)).filter((f) => f.endsWith('.log'))) {
      bytes += statSync(join(logDir, dir, file)).size;
    }
  }
  return bytes;
}

/** Deletes (soft, then for good) the Confluent-API subjects that start with `prefix`. */
export async function deleteSubjects(prefix: string): Promise<void> {
  const url = localRegistryUrl(settings);
  const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(5000) });
  const subjects = (await res.json()) as string[];
  for (const subject of subjects.filter((s) => s.startsWith(prefix))) {
    for (const query of ['', '?permanent=true']) {
      const r = await fetch(`${url}/subjects/${encodeURIComponent(subject)}${query}`, { method: 'DELETE' });
      await r.body?.cancel();
    }
  }
}

export async function registryUp(): Promise<boolean> {
  const res = await fetch(`${localRegistryUrl(settings)}/subjects`, {
    signal: AbortSignal.timeout(3000),
  }).catch(() => undefined);
  await res?.body?.cancel();
  return res?.status === 200;
}
