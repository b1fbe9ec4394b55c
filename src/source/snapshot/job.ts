import { z } from 'zod';

const rangeProgressSchema = z.object({
  lo: z.string().nullable(),
  hi: z.string().nullable(),
  /** The last id of the last chunk Kafka acknowledged: the range resumes after it. */
  after: z.string().nullable(),
  done: z.boolean(),
});
export type RangeProgress = z.infer<typeof rangeProgressSchema>;

const jobSchema = z.object({
  id: z.string(),
  /** initial: the first snapshot of a new slot; backfill: asked for; slot-recreated: the slot was lost. */
  reason: z.enum(['initial', 'backfill', 'slot-recreated']),
  where: z.string().nullable(),
  chunkRows: z.number().int().positive(),
  status: z.enum(['queued', 'running', 'done', 'cancelled']),
  /** Empty until the job starts and plans its ranges. */
  ranges: z.array(rangeProgressSchema),
  rowsExpected: z.number().int().min(0),
  rowsRead: z.number().int().min(0),
  chunksDone: z.number().int().min(0),
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type SnapshotJob = z.infer<typeof jobSchema>;

/** A connector's snapshot jobs, kept in the state topic under `<connector>/snapshots`. */
export const snapshotRecordSchema = z.object({ connector: z.string(), jobs: z.array(jobSchema) });
export type SnapshotRecord = z.infer<typeof snapshotRecordSchema>;

export const snapshotRecordKey = (connector: string) => `${connector}/snapshots`;

/** Finished jobs kept for `backfill --status` and the logs; older ones are forgotten. */
const keptFinished = 10;

export function newJob(
  id: string,
  reason: SnapshotJob['reason'],
  where: string | null,
  chunkRows: number,
  now = new Date(),
): SnapshotJob {
  return {
    id,
    reason,
    where,
    chunkRows,
    status: 'queued',
    ranges: [],
    rowsExpected: 0,
    rowsRead: 0,
    chunksDone: 0,
    requestedAt: now.toISOString(),
    startedAt: null,
    finishedAt: null,
  };
}

/** The job to work on: the running one, else the oldest queued one. */
export function currentJob(record: SnapshotRecord): SnapshotJob | undefined {
  return record.jobs.find((j) => j.status === 'running') ?? record.jobs.find((j) => j.status === 'queued');
}

/** Adds a job unless one with its id is known (a signal read twice after a restart). */
export function enqueue(record: SnapshotRecord, job: SnapshotJob): boolean {
  if (record.jobs.some((j) => j.id === job.id)) return false;
  record.jobs.push(job);
  return true;
}

/** Ends a job (done or cancelled); finished jobs lose their ranges and only the last few are kept. */
export function finish(
  record: SnapshotRecord,
  id: string,
  status: 'done' | 'cancelled',
  now = new Date(),
): void {
  const job = record.jobs.find((j) => j.id === id);
  if (!job || job.status === 'done' || job.status === 'cancelled') return;
  job.status = status;
  job.finishedAt = now.toISOString();
  job.ranges = [];
  const finished = record.jobs.filter((j) => j.status === 'done' || j.status === 'cancelled');
  const forget = new Set(finished.slice(0, Math.max(0, finished.length - keptFinished)));
  record.jobs = record.jobs.filter((j) => !forget.has(j));
}

/** Is an initial snapshot (or the one after a lost slot) still to be finished? */
export function initialPending(record: SnapshotRecord): boolean {
  return record.jobs.some(
    (j) => j.reason !== 'backfill' && (j.status === 'running' || j.status === 'queued'),
  );
}

/** The saved snapshot jobs of `connector` (none when nothing readable was saved). */
export function savedSnapshotRecord(saved: ReadonlyMap<string, unknown>, connector: string): SnapshotRecord {
  const parsed = snapshotRecordSchema.safeParse(saved.get(snapshotRecordKey(connector)));
  return parsed.success ? parsed.data : { connector, jobs: [] };
}
