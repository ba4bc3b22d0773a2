/**
 * Sweep throughput: a 100-point sweep of fused ResNet-18 (stacks 0-10, 11-21, GA 4×4) on tpu_like_quad_core
 * variants over memory size × link bandwidth × array size, with costs following the design (the default
 * `costs: follow`: the swept SRAM's energies and area from the CACTI table at every size, docs/design-edits.md).
 *  - points per minute with 1 and 2 local workers; LUT hit rate with a cold and a warm workspace LUT;
 *  - overhead = wall ÷ (Σ point CPU ÷ workers) − 1;
 *  - 2 BullMQ workers on this machine (real redis-server) against the local pool;
 *  - the Pareto front (latency, energy, area) and whether it is a trade-off or one corner.
 * Goals: ≤ 60 s wall for the 100 points on 2 cores; overhead ≤ 10 %.
 * Run: npx tsx bench/sweep.bench.ts [--points N] [--skip-queue] [--only one,warm,two,queue]
 *   (N < 100: a random sample of the grid; the 2-worker cold run always runs, its front is printed)
 *
 * The variant (written to a temporary folder): the example's files with every memory priced — the tpu_like
 * cores' register files and the pooling SRAM with `auto_cost_extraction: true` (the register files as
 * `mem_type: rf`, ZigZag's convention), the SIMD core's 2-read/write-port SRAM (a port combination the CACTI
 * table lacks) with the table's 1-port figures as given figures — and `unit_area` 0.0001 mm² per MAC (the
 * documented 22 nm default; the example's `1` is "1 unit", which would make the arrays 99 % of the area).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serialize } from 'node:v8';
import { packRunResult, Store } from '../src/app/store';
import { createSweep, paretoOfSweep, runSweep } from '../src/app/sweep/coordinator';
import type { PointExecutor } from '../src/app/sweep/executor';
import { loadSweepFile } from '../src/app/sweep/load';
import { LocalPool } from '../src/app/sweep/local-pool';
import { provenance } from '../src/app/sweep/provenance';
import { QueueExecutor } from '../src/app/sweep/queue';
import { lookupCacti } from '../src/engine/hardware/cacti';
import { CACTI_TABLE } from '../src/engine/hardware/cacti-table';
import { startRedis } from '../test/integration/sweep/redis';

const EXAMPLES = resolve(import.meta.dirname, '../resources/inputs/stream/examples');
const args = process.argv.slice(2);
const pointsArg = args.indexOf('--points');
const POINTS = pointsArg >= 0 ? Number(args[pointsArg + 1]) : 100;
const skipQueue = args.includes('--skip-queue');
// --only two: just the 2-worker cold run (with --skip-queue, the quickest check of the overhead).
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1]!.split(',')) : null;
const runs = (name: 'one' | 'warm' | 'two' | 'queue') => (only === null || only.has(name)) && !(name === 'queue' && skipQueue);

const dir = mkdtempSync(join(tmpdir(), 'ss-sweep-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const HW = `${EXAMPLES}/hardware`;
const core = (name: string) => readFileSync(`${HW}/cores/${name}.yaml`, 'utf8');
/** Replaces `key: old` by `key: new` inside one memory block of a legacy core file. */
function setInMemory(text: string, memory: string, changes: Record<string, string>): string {
  const start = text.indexOf(`  ${memory}:\n`);
  if (start < 0) throw new Error(`no memory ${memory}`);
  const next = text.slice(start + 1).search(/\n {2}[A-Za-z_][\w]*:\n|\n[a-z_]+:/);
  const end = next < 0 ? text.length : start + 1 + next;
  let block = text.slice(start, end);
  for (const [key, value] of Object.entries(changes)) {
    const re = new RegExp(`^(\\s+)${key}:.*$`, 'm');
    block = re.test(block) ? block.replace(re, `$1${key}: ${value}`) : block.replace(/\n/, `\n    ${key}: ${value}\n`);
  }
  return text.slice(0, start) + block + text.slice(end);
}
const simdArea = lookupCacti(CACTI_TABLE, { sizeBits: 1048576, widthBits: 512, readPorts: 0, writePorts: 0, readWritePorts: 1, technologyNm: 22 });
if (!simdArea.ok) throw new Error(simdArea.reason);
let tpu = core('tpu_like').replace(/unit_area: 1\b.*/, 'unit_area: 0.0001 # mm² per MAC (22 nm default)');
tpu = setInMemory(tpu, 'rf_128B', { auto_cost_extraction: 'True', mem_type: 'rf' });
tpu = setInMemory(tpu, 'rf_2B', { auto_cost_extraction: 'True', mem_type: 'rf' });
const pooling = setInMemory(core('pooling').replace(/unit_area: 0\.01\b.*/, 'unit_area: 0.0001'), 'sram_128KB', { auto_cost_extraction: 'True' });
const simd = setInMemory(core('simd').replace(/unit_area: 0\.01\b.*/, 'unit_area: 0.0001'), 'sram_128KB_2rw', {
  r_cost: String(simdArea.cost.readEnergy),
  w_cost: String(simdArea.cost.writeEnergy),
  area: String(simdArea.cost.area),
});
writeFileSync(join(dir, 'tpu_like_costed.yaml'), tpu);
writeFileSync(join(dir, 'pooling_costed.yaml'), pooling);
writeFileSync(join(dir, 'simd_costed.yaml'), simd);
writeFileSync(join(dir, 'offchip.yaml'), core('offchip'));
writeFileSync(
  join(dir, 'tpu_like_quad_core_costed.yaml'),
  readFileSync(`${HW}/tpu_like_quad_core.yaml`, 'utf8')
    .replace(/tpu_like\.yaml/g, './tpu_like_costed.yaml')
    .replace('pooling.yaml', './pooling_costed.yaml')
    .replace('simd.yaml', './simd_costed.yaml')
    .replace('offchip_core: offchip.yaml', 'offchip_core: ./offchip.yaml'),
);

const file = join(dir, 'sweep.yaml');
writeFileSync(
  file,
  `name: resnet18-dse
accelerator: ${dir}/tpu_like_quad_core_costed.yaml
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
`,
);

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

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

/** Compressed bytes stored per point (its runs' artifacts) and their raw JSON size: what a worker sends back. */
function payloadPerPoint(store: Store, sweepId: number): { storedKb: number; rawKb: number } {
  const row = store.db
    .prepare('SELECT COUNT(DISTINCT r.id) AS runs, SUM(length(a.data)) AS stored, SUM(a.raw_bytes) AS raw FROM runs r JOIN run_artifacts a ON a.run_id = r.id WHERE r.sweep_id = ?')
    .get(sweepId) as { runs: number; stored: number; raw: number };
  const n = Math.max(1, row.runs);
  return { storedKb: row.stored / n / 1024, rawKb: row.raw / n / 1024 };
}

/**
 * What a point costs to carry and pack, measured here on the sweep's stored results (load-dependent, indicative):
 * the job message to a pool worker (a worker's first point of the sweep also carries its definition and base), and the time `packRunResult` (a worker's share of point CPU) takes per point.
 */
function carriage(store: Store, sweepId: number): { firstJobKb: number; jobKb: number; packMs: number } {
  const sweep = store.sweeps.get(sweepId)!;
  const point = store.sweeps.point(sweepId, 0)!;
  const next = { sweepId, index: 0, key: 'x:0', params: point.params, provenance: { engineVersion: sweep.engineVersion, modelFingerprint: sweep.modelFingerprint }, cactiRuns: store.cacti.all() };
  const first = { ...next, definition: sweep.definition, base: store.sweeps.base(sweepId) };
  const ids = store.sweeps
    .points(sweepId)
    .flatMap((p) => (p.runId === null ? [] : [p.runId]))
    .slice(0, 10);
  const results = ids.map((id) => store.runs.result(id)!);
  const t0 = performance.now();
  for (const r of results) packRunResult(r);
  const kb = (job: object) => serialize({ type: 'point', job }).length / 1024;
  return { firstJobKb: kb(first), jobKb: kb(next), packMs: (performance.now() - t0) / Math.max(1, results.length) };
}

async function measure(label: string, db: string, workers: number, makeExecutor: () => Promise<PointExecutor>): Promise<Figures> {
  const loaded = loadSweepFile(file);
  const store = Store.open(db);
  try {
    const sweep = createSweep(store, { projectName: 'bench', definition: loaded.definition, base: loaded.base, provenance: await provenance() });
    // Workers are started and warmed (engine modules, model fingerprint, CACTI module, workspace LUT) before
    // the clock, as a pool kept by the app would be; that start-up is printed on its own.
    const s0 = performance.now();
    const executor = await makeExecutor();
    if ('ready' in executor && typeof executor.ready === 'function') await (executor.ready as () => Promise<void>)();
    const startS = (performance.now() - s0) / 1000;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let wallS: number;
    let c1: NodeJS.CpuUsage;
    try {
      await runSweep(store, sweep.id, executor);
      // The clock stops once the last point's rows are committed and the sweep is marked done.
      wallS = (performance.now() - t0) / 1000;
      c1 = process.cpuUsage(c0);
    } finally {
      await executor.close();
    }
    // The coordinator (this process: queue, store writes of every point's runs and LUT entries) is not in Σ point CPU.
    const coordinatorS = (c1.user + c1.system) / 1e6;
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
    const payload = payloadPerPoint(store, sweep.id);
    const carried = carriage(store, sweep.id);
    console.log(
      `${label.padEnd(34)} ${f.done}/${s.total} done (${f.invalid} invalid, ${f.failed} failed)  wall ${wallS.toFixed(1)} s  ` +
        `${((60 * s.total) / wallS).toFixed(1)} points/min  Σ point CPU ${f.cpuS.toFixed(1)} s  overhead ${(100 * overhead).toFixed(1)} %  ` +
        `coordinator CPU ${coordinatorS.toFixed(2)} s (${((1000 * coordinatorS) / Math.max(1, s.total)).toFixed(1)} ms/point)  ` +
        `LUT hit rate ${((100 * f.hits) / Math.max(1, f.hits + f.misses)).toFixed(1)} % (${f.hits}/${f.hits + f.misses})  ` +
        `workers' start-up ${startS.toFixed(1)} s (before the clock)  per point: job ${label.startsWith('BullMQ') ? `${carried.firstJobKb.toFixed(1)} KB (each carries the base)` : `${carried.jobKb.toFixed(1)} KB (a worker's first ${carried.firstJobKb.toFixed(1)} KB)`}, result stored ${payload.storedKb.toFixed(1)} KB ` +
        `(${payload.rawKb.toFixed(0)} KB as JSON), packing it ≈ ${carried.packMs.toFixed(0)} ms of point CPU ` +
        `(overhead with packing counted as overhead: ${(100 * (f.wallS / ((f.cpuS - (f.done * carried.packMs) / 1000) / workers) - 1)).toFixed(1)} %)  load ${load()}`,
    );
    return f;
  } finally {
    store.close();
  }
}

const dbA = join(dir, 'a.sqlite');
console.log(`${POINTS} points of fused ResNet-18 (GA 4×4) on tpu_like_quad_core variants; costs follow the design (CACTI table)`);
console.log(
  "wall: from the sweep's start to its last row committed (workers already warm); point CPU: the worker process's CPU (all its threads) " +
    'from receiving the job to the result ready to send, packing it for the store included; overhead = wall ÷ (Σ point CPU ÷ workers) − 1',
);
console.log(`machine: ${cpus().length} cores, load average ${load()} at the start (a shared machine makes every figure pessimistic)`);
const one = runs('one') || runs('warm') ? await measure('local pool, 1 worker, cold LUT', dbA, 1, async () => new LocalPool(1, dbA)) : null;
if (runs('warm')) await measure('local pool, 1 worker, warm LUT', dbA, 1, async () => new LocalPool(1, dbA));
const dbB = join(dir, 'b.sqlite');
const two = await measure('local pool, 2 workers, cold LUT', dbB, 2, async () => new LocalPool(2, dbB));
console.log(
  `${one ? `speed-up 2 workers vs 1: ${(one.wallS / two.wallS).toFixed(2)}×; ` : ''}goal ≤ 60 s wall for 100 points: ${((two.wallS * 100) / POINTS).toFixed(1)} s (scaled)`,
);

if (runs('queue')) {
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
console.log(`load average ${load()} at the end`);
const store = Store.open(dbB);
const points = store.sweeps.points(two.sweepId);
const finished = points.filter((p) => p.status === 'done');
const front = new Set(paretoOfSweep(points));
const withArea = finished.length > 0 && finished.every((p) => p.areaMm2 !== null);
console.log(`Pareto front (${front.size} of ${finished.length} points; objectives latency, energy${withArea ? ', area' : ' (area missing for some points)'}):`);
const short = (params: Readonly<Record<string, unknown>>) =>
  Object.entries(params)
    .map(([k, v]) => `${k.includes('size_bits') ? 'sram' : k.includes('bandwidth') ? 'bw' : k.includes('D1') ? 'D1' : k}=${k.includes('size_bits') ? `${Number(v) / 8388608} MiB` : String(v)}`)
    .join(' ');
for (const p of points.filter((q) => front.has(q.index)).sort((a, b) => a.latencyCycles! - b.latencyCycles!)) {
  console.log(`  #${String(p.index).padEnd(3)} ${String(p.latencyCycles).padStart(10)} cc  ${p.energyPj!.toExponential(4)} pJ  ${p.areaMm2 === null ? 'area missing' : `${p.areaMm2.toFixed(3)} mm²`}  ${short(p.params)}`);
}
// One corner or a trade-off: the best point of each objective, and how the front spreads.
// Ties (points differing only in an axis that does not move this figure) go to the point on the front.
const best = (key: 'latencyCycles' | 'energyPj' | 'areaMm2') =>
  finished.reduce((b, p) => {
    const [pv, bv] = [p[key] ?? Infinity, b[key] ?? Infinity];
    return pv < bv || (pv === bv && front.has(p.index) && !front.has(b.index)) ? p : b;
  });
const corners = (['latencyCycles', 'energyPj', 'areaMm2'] as const).map((k) => best(k).index);
console.log(`best latency #${corners[0]}, best energy #${corners[1]}, best area #${corners[2]}: ${new Set(corners).size === 1 ? 'ONE CORNER (one point best in everything)' : 'different points (a trade-off)'}`);
const onFront = finished.filter((p) => front.has(p.index));
const span = (f: (p: (typeof finished)[number]) => number) => `${Math.min(...onFront.map(f)).toPrecision(4)}–${Math.max(...onFront.map(f)).toPrecision(4)}`;
console.log(`front spans latency ${span((p) => p.latencyCycles!)} cc, energy ${span((p) => p.energyPj!)} pJ${withArea ? `, area ${span((p) => p.areaMm2!)} mm²` : ''}`);
for (const axis of Object.keys(finished[0]?.params ?? {})) {
  console.log(`  ${axis}: values on the front ${[...new Set(onFront.map((p) => String(p.params[axis])))].join(', ')}`);
}
const invalid = points.filter((p) => p.status !== 'done');
if (invalid.length > 0) console.log(`not done: ${invalid.length}, e.g. #${invalid[0]!.index} ${invalid[0]!.status}: ${invalid[0]!.error}`);
store.close();
