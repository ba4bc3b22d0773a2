/**
 * Scale-out on BullMQ + Redis. The coordinator puts each point on the queue as a job carrying all its inputs
 * (job id = point key, so a point is enqueued once); `stream-studio worker --queue URL` processes run them and
 * return the results and their new cost LUT entries through the queue; the coordinator alone writes the
 * workspace. A worker killed mid-point loses its lock and BullMQ's stalled-job check puts the job back for
 * another worker. Cancel is published on a Redis channel; every worker aborts the sweep's jobs it is running.
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import type { PipelineProgress } from '../../engine';
import { ExecutorCancelled, type PointExecutor } from './executor';
import { executePoint, pointResult, processCpuMs, warmPointExecution } from './point-exec';
import type { PointJob, PointResult } from './protocol';
import { provenance, provenanceMismatch } from './provenance';

export const QUEUE_NAME = 'stream-studio-sweep-points';
const CANCEL_CHANNEL = 'stream-studio:sweep-cancel';
/** Redis must answer within this time, so that a wrong URL fails fast instead of hanging. */
const CONNECT_TIMEOUT_MS = 4000;

export class QueueUnreachableError extends Error {
  constructor(url: string, reason: string) {
    super(`cannot reach Redis at ${url} (${reason}); start redis-server there or give the right --queue redis://HOST:PORT`);
    this.name = 'QueueUnreachableError';
  }
}

function parseRedisUrl(url: string): string {
  if (!/^rediss?:\/\/[^/\s]+/.test(url)) throw new QueueUnreachableError(url, 'expected a URL like redis://HOST:PORT');
  return url;
}

/** A connection for BullMQ (it needs maxRetriesPerRequest: null), checked with a PING within CONNECT_TIMEOUT_MS. */
export async function connectRedis(url: string): Promise<Redis> {
  parseRedisUrl(url);
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    probe.disconnect();
    throw new QueueUnreachableError(url, error instanceof Error ? error.message : String(error));
  }
  probe.disconnect();
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  return connection;
}

const jobIdOf = (key: string) => key.replace(/:/g, '_');

/** A point's result as BullMQ carries it (JSON): the compressed artifacts as base64. */
type QueuedPointResult = Exclude<PointResult, { status: 'done' }> | QueuedDone;
type Done = Extract<PointResult, { status: 'done' }>;
interface QueuedDone extends Omit<Done, 'runs'> {
  readonly runs: readonly (Omit<Done['runs'][number], 'artifacts'> & { readonly artifacts: readonly { readonly kind: string; readonly rawBytes: number; readonly base64: string }[] })[];
}

function toQueued(result: PointResult): QueuedPointResult {
  if (result.status !== 'done') return result;
  return {
    ...result,
    runs: result.runs.map((run) => ({
      ...run,
      artifacts: run.artifacts.map((a) => ({ kind: a.kind, rawBytes: a.rawBytes, base64: Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).toString('base64') })),
    })),
  };
}

function fromQueued(result: QueuedPointResult): PointResult {
  if (result.status !== 'done') return result;
  return {
    ...result,
    runs: result.runs.map((run) => ({ ...run, artifacts: run.artifacts.map((a) => ({ kind: a.kind, rawBytes: a.rawBytes, data: Buffer.from(a.base64, 'base64') })) })),
  };
}

/** The coordinator's side: every point becomes a job; results come back through QueueEvents. */
export class QueueExecutor implements PointExecutor {
  readonly capacity = 100_000;
  private cancelled = false;
  private readonly inFlight = new Set<string>();
  private readonly rejecters = new Set<(e: Error) => void>();

  private constructor(
    private readonly connection: Redis,
    private readonly eventsConnection: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    // One listener per point in flight.
    events.setMaxListeners(0);
    queue.setMaxListeners(0);
  }

  static async connect(url: string, queueName = QUEUE_NAME): Promise<QueueExecutor> {
    const connection = await connectRedis(url);
    const eventsConnection = connection.duplicate();
    eventsConnection.on('error', () => undefined);
    const queue = new Queue(queueName, { connection });
    const events = new QueueEvents(queueName, { connection: eventsConnection });
    await events.waitUntilReady();
    return new QueueExecutor(connection, eventsConnection, queue, events);
  }

  async run(job: PointJob, onProgress?: (progress: PipelineProgress) => void): Promise<PointResult> {
    if (this.cancelled) throw new ExecutorCancelled();
    const jobId = jobIdOf(job.key);
    this.inFlight.add(jobId);
    const onEvent = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
      if (id === jobId && onProgress && typeof data === 'object' && data !== null) onProgress(data as PipelineProgress);
    };
    this.events.on('progress', onEvent);
    try {
      // The same key is enqueued once: after a coordinator restart the existing job (maybe finished) is awaited.
      // A job that failed before (e.g. refused by a worker of another version) is enqueued afresh.
      const existing = await this.queue.getJob(jobId);
      if (existing && (await existing.getState()) === 'failed') await existing.remove();
      const added: Job = await this.queue.add('point', job, { jobId, attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
      const result = await new Promise<PointResult>((resolve, reject) => {
        this.rejecters.add(reject);
        added.waitUntilFinished(this.events).then(
          (value) => resolve(fromQueued(value as QueuedPointResult)),
          (error: unknown) => resolve({ status: 'failed', error: error instanceof Error ? error.message : String(error), cpuMs: 0 }),
        );
      });
      return result;
    } finally {
      this.events.off('progress', onEvent);
      this.inFlight.delete(jobId);
    }
  }

  async cancel(): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    const ids = [...this.inFlight];
    for (const reject of this.rejecters) reject(new ExecutorCancelled());
    this.rejecters.clear();
    // Waiting jobs are removed; active ones are aborted by their workers.
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => 0)));
    await this.connection.publish(CANCEL_CHANNEL, JSON.stringify(ids));
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    // BullMQ leaves connections it was given open.
    this.eventsConnection.disconnect();
    this.connection.disconnect();
  }
}

export interface QueueWorkerOptions {
  readonly concurrency?: number;
  /** BullMQ lock duration and stalled-check interval (ms): how soon a killed worker's point is run again. */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly onPoint?: (job: PointJob, result: PointResult) => void;
  readonly queueName?: string;
}

/** `stream-studio worker`: runs points from the queue until closed. Its cost LUT lives in memory across jobs. */
export async function startQueueWorker(url: string, options: QueueWorkerOptions = {}): Promise<{ worker: Worker; close(): Promise<void> }> {
  const connection = await connectRedis(url);
  const subscriber = connection.duplicate();
  subscriber.on('error', () => undefined);
  const mine = await provenance();
  // Warm before taking points (the first point would otherwise load the CACTI module on the sweep's clock).
  await warmPointExecution();
  const known = new Map<string, unknown>();
  const worker = new Worker(
    options.queueName ?? QUEUE_NAME,
    async (job: Job<PointJob>, _token?: string, signal?: AbortSignal): Promise<QueuedPointResult> => {
      // With concurrency > 1 the process's CPU is shared by its jobs: each point's figure then counts its neighbours' too.
      const cpu0 = processCpuMs();
      const mismatch = provenanceMismatch(mine, job.data.provenance);
      if (mismatch) throw new UnrecoverableError(mismatch);
      const fresh: [string, unknown][] = [];
      const hits = new Map<string, number>();
      let last = 0;
      const out = await executePoint(job.data, {
        ...(signal ? { signal } : {}),
        lut: {
          get: (key) => {
            const entry = known.get(key);
            if (entry !== undefined) hits.set(key, (hits.get(key) ?? 0) + 1);
            return entry;
          },
          set: (key, entry) => {
            if (known.has(key)) return;
            known.set(key, entry);
            fresh.push([key, entry]);
          },
        },
        onProgress: (progress) => {
          const now = performance.now();
          if (now - last < 250) return;
          last = now;
          void job.updateProgress(progress as never).catch(() => undefined);
        },
      });
      if (signal?.aborted) throw new Error('cancelled by the coordinator');
      const result = pointResult(out, { entries: fresh, hits: [...hits] }, cpu0);
      options.onPoint?.(job.data, result);
      return toQueued(result);
    },
    {
      connection,
      // Shown as the job's processedBy: which machine and process runs a point.
      name: `${hostname()}:${process.pid}`,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 5,
    },
  );
  worker.on('error', () => undefined);
  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on('message', (_channel, text: string) => {
    try {
      for (const id of JSON.parse(text) as string[]) worker.cancelJob(id, 'cancelled by the coordinator');
    } catch {
      // not ours
    }
  });
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
      subscriber.disconnect();
      connection.disconnect();
    },
  };
}
