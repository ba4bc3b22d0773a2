/**
 * Sweep throughput: a 100-point sweep of fused ResNet-18 (stacks 0-10, 11-21, GA 4×4) on tpu_like_quad_core
 * variants over memory size × link bandwidth × array size.
 *  - points per minute with 1 and 2 local workers; LUT hit rate with a cold and a warm workspace LUT;
 *  - overhead = wall ÷ (Σ point CPU ÷ workers) − 1;
 *  - 2 BullMQ workers on this machine (real redis-server) against the local pool;
 *  - the Pareto front (latency, energy, area).
 * Goals: ≤ 60 s wall for the 100 points on 2 cores; overhead ≤ 10 %.
 * Run: npx tsx bench/sweep.bench.ts [--points N] [--skip-queue]   (N < 100: a random sample of the grid)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../src/app/store';
import { createSweep, paretoOfSweep, runSweep } from '../src/app/sweep/coordinator';
import type { PointExecutor } from '../src/app/sweep/executor';
import { loadSweepFile } from '../src/app/sweep/load';
import { LocalPool } from '../src/app/sweep/local-pool';
import { provenance } from '../src/app/sweep/provenance';
import { QueueExecutor } from '../src/app/sweep/queue';
import { startRedis } from '../test/integration/sweep/redis';

const EXAMPLES = resolve(import.meta.dirname, '../resources/inputs/stream/examples');
const args = process.argv.slice(2);
const pointsArg = args.indexOf('--points');
const POINTS = pointsArg >= 0 ? Number(args[pointsArg + 1]) : 100;
const skipQueue = args.includes('--skip-queue');

const dir = mkdtempSync(join(tmpdir(), 'ss-sweep-bench-'));
const file = join(dir, 'sweep.yaml');
writeFileSync(
  file,
  `name: resnet18-dse
accelerator: ${EXAMPLES}/hardware/tpu_like_quad_core.yaml
workload: ${EXAMPLES}/workload/resnet18.onnx
mapping: ${EXAMPLES}/mapping/tpu_like_quad_core.yaml
options: { mode: fused, layer_stacks: "0-10,11-21", allocation: ga, nb_ga_individuals: 4, nb_ga_generations: 4, seed: 0 }
axes:
  - field: cores[tpu_like].memories[sram_2MB].size_bits
    values: [4194304, 8388608, 16777216, 33554432, 67108864]
  - field: links[*].bandwidth
    values: [8, 16, 32, 64, 128]
  - field: cores[tpu_like].array.dimensions.D1
    values: [8, 16, 32, 64]
${POINTS < 100 ? `sample: { random: ${POINTS}, seed: 1 }` : ''}
costs: as_given
`,
);

interface Figures {
  label: string;
  wallS: number;
  cpuS: number;
  workers: number;
  done: number;
  invalid: number;
  failed: number;
  hits: number;
  misses: number;
  sweepId: number;
  db: string;
}

async function measure(label: string, db: string, workers: number, makeExecutor: () => Promise<PointExecutor>): Promise<Figures> {
  const loaded = loadSweepFile(file);
  const store = Store.open(db);
  try {
    const sweep = createSweep(store, { projectName: 'bench', definition: loaded.definition, base: loaded.base, provenance: await provenance() });
    const executor = await makeExecutor();
    const t0 = performance.now();
    try {
      await runSweep(store, sweep.id, executor);
    } finally {
      await executor.close();
    }
    const wallS = (performance.now() - t0) / 1000;
    const points = store.sweeps.points(sweep.id);
    const s = store.sweeps.get(sweep.id)!;
    const f: Figures = {
      label,
      wallS,
      cpuS: points.reduce((a, p) => a + (p.cpuMs ?? 0), 0) / 1000,
      workers,
      done: s.done,
      invalid: s.invalid,
      failed: s.failed,
      hits: points.reduce((a, p) => a + (p.lutHits ?? 0), 0),
      misses: points.reduce((a, p) => a + (p.lutMisses ?? 0), 0),
      sweepId: sweep.id,
      db,
    };
    const overhead = f.wallS / (f.cpuS / workers) - 1;
    console.log(
      `${label.padEnd(34)} ${f.done}/${s.total} done (${f.invalid} invalid, ${f.failed} failed)  wall ${wallS.toFixed(1)} s  ` +
        `${((60 * s.total) / wallS).toFixed(1)} points/min  Σ point CPU ${f.cpuS.toFixed(1)} s  overhead ${(100 * overhead).toFixed(1)} %  ` +
        `LUT hit rate ${((100 * f.hits) / Math.max(1, f.hits + f.misses)).toFixed(1)} % (${f.hits}/${f.hits + f.misses})`,
    );
    return f;
  } finally {
    store.close();
  }
}

const dbA = join(dir, 'a.sqlite');
console.log(`${POINTS} points of fused ResNet-18 (GA 4×4) on tpu_like_quad_core variants; costs as given (see docs/differences.md)`);
const one = await measure('local pool, 1 worker, cold LUT', dbA, 1, async () => new LocalPool(1, dbA));
await measure('local pool, 1 worker, warm LUT', dbA, 1, async () => new LocalPool(1, dbA));
const dbB = join(dir, 'b.sqlite');
const two = await measure('local pool, 2 workers, cold LUT', dbB, 2, async () => new LocalPool(2, dbB));
console.log(`speed-up 2 workers vs 1: ${(one.wallS / two.wallS).toFixed(2)}×; goal ≤ 60 s wall for 100 points: ${((two.wallS * 100) / POINTS).toFixed(1)} s (scaled)`);

if (!skipQueue) {
  const redis = await startRedis();
  const bin = resolve(import.meta.dirname, '../bin/stream-studio.js');
  const workers = [0, 1].map(() => spawn(process.execPath, [bin, 'worker', '--queue', redis.url], { stdio: ['ignore', 'ignore', 'pipe'] }));
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((ok) => {
          let text = '';
          w.stderr!.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes('waiting for sweep points')) ok();
          });
        }),
    ),
  );
  const dbC = join(dir, 'c.sqlite');
  const queued = await measure('BullMQ, 2 worker processes, cold', dbC, 2, () => QueueExecutor.connect(redis.url));
  console.log(`queue vs local pool (2 workers): wall ${(queued.wallS / two.wallS).toFixed(2)}× (queue overhead ${(100 * (queued.wallS / two.wallS - 1)).toFixed(1)} %)`);
  for (const w of workers) w.kill('SIGTERM');
  await redis.stop();
}

// The Pareto front of the 2-worker sweep.
const store = Store.open(dbB);
const points = store.sweeps.points(two.sweepId);
const front = new Set(paretoOfSweep(points));
console.log(`Pareto front (${front.size} of ${points.filter((p) => p.status === 'done').length} points; objectives latency, energy${points.every((p) => p.areaMm2 !== null) ? ', area' : ' (area missing: the file gives no memory areas)'}):`);
for (const p of points.filter((q) => front.has(q.index)).sort((a, b) => a.latencyCycles! - b.latencyCycles!)) {
  console.log(`  #${String(p.index).padEnd(3)} ${String(p.latencyCycles).padStart(10)} cc  ${p.energyPj!.toExponential(4)} pJ  area ${p.areaMm2 ?? 'missing'}  ${JSON.stringify(p.params)}`);
}
store.close();
