import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { integrityCheck, Store } from '../../../src/app/store';
import { QUEUE_NAME, QueueExecutor, startQueueWorker } from '../../../src/app/sweep/queue';
import { cliIo, writeNinePointSweep } from './helpers';
import { startRedis, type RedisServer } from './redis';

const BIN = resolve(import.meta.dirname, '../../../bin/stream-studio.js');

function startWorker(url: string): { child: ChildProcess; ready: Promise<void>; log: string[] } {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--lock-duration', '2000', '--stalled-interval', '1000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      log.push(d.toString());
      if (log.join('').includes('waiting for sweep points')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${log.join('')}`)));
  });
  return { child, ready, log };
}

describe('sweep on a BullMQ queue with real Redis and worker processes', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('runs every point exactly once although a worker is SIGKILLed mid-point', async () => {
    const { dir, file, db } = writeNinePointSweep();
    const a = startWorker(redis.url);
    const b = startWorker(redis.url);
    try {
      await Promise.all([a.ready, b.ready]);
      // Kill worker A as soon as it holds an active point.
      const queue = new Queue(QUEUE_NAME, { connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
      let killedDuring: string | undefined;
      const killer = (async () => {
        const name = `${hostname()}:${a.child.pid}`;
        for (let i = 0; i < 3000 && !killedDuring; i++) {
          const active = await queue.getActive();
          const mine = active.find((j) => j.processedBy === name);
          if (mine) {
            a.child.kill('SIGKILL');
            killedDuring = mine.id;
          } else await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const io = cliIo(dir);
      const code = await sweepCommand.run([file, '--db', db, '--queue', redis.url, '--json'], io);
      await killer;
      await queue.close();
      expect(killedDuring).toBeDefined();
      expect(code).toBe(0);
      const json = JSON.parse(io.out.join('')) as { sweep_id: number; points: { status: string; run_id: number }[]; lut: { hits: number } };
      expect(json.points.map((p) => p.status)).toEqual(Array(9).fill('done'));
      const store = Store.open(db);
      try {
        const runs = store.db.prepare('SELECT COUNT(*) AS n FROM runs WHERE sweep_id = ?').get(json.sweep_id) as { n: number };
        expect(runs.n).toBe(9);
        expect(new Set(json.points.map((p) => p.run_id)).size).toBe(9);
        // The killed point was run again by the other worker (BullMQ stalled-job recovery).
        const killedIndex = Number(killedDuring!.split('_').pop());
        expect(store.sweeps.point(json.sweep_id, killedIndex)!.status).toBe('done');
        // New LUT entries came back through the queue and were stored by the coordinator, stamped with the model.
        const lut = store.db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT model_fingerprint) AS models FROM lut_entries').get() as { n: number; models: number };
        expect(lut.n).toBeGreaterThan(0);
        expect(lut.models).toBe(1);
        expect(integrityCheck(store.db)).toBe('ok');
      } finally {
        store.close();
      }
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGTERM');
      await new Promise((r) => (b.child.exitCode !== null ? r(null) : b.child.once('exit', r)));
    }
  }, 600_000);

  it('a worker of another version refuses the job with a message naming both versions', async () => {
    const worker = await startQueueWorker(redis.url, { queueName: 'version-check' });
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('version-check', { connection });
    const events = new QueueEvents('version-check', { connection: connection.duplicate() });
    try {
      await events.waitUntilReady();
      const job = await queue.add('point', { provenance: { engineVersion: '0.0.1', modelFingerprint: 'feedfacefeedface' } } as never);
      await expect(job.waitUntilFinished(events)).rejects.toThrow(/coordinator runs 0\.0\.1 \(model feedfacefeedface\); refusing the job/);
    } finally {
      await events.close();
      await queue.close();
      await worker.close();
      connection.disconnect();
    }
  }, 120_000);

  it('an unreachable Redis is a clear error within 5 s', async () => {
    const t0 = Date.now();
    await expect(QueueExecutor.connect('redis://127.0.0.1:1')).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 30_000);
});
