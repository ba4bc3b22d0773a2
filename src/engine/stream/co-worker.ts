/**
 * Worker thread entry for the constraint-optimised allocation: solves one MILP (CPLEX LP text) with HiGHS
 * (WebAssembly) and streams the MIP progress (incumbent, bound, gap) back. The parent cancels by setting the
 * shared flag (the solver is interrupted at its next checkpoint) or by terminating the thread.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { CoSolveRequest, CoWorkerMessage } from './co-pool';

const require = createRequire(import.meta.url);

interface HighsModule {
  constants: { callbackType: Record<string, number>; modelStatus: Record<string, number> };
  createModel(source: { format: 'lp'; data: string }): HighsModel;
}
interface HighsModel {
  options: { set(values: Record<string, unknown>): void };
  info: { get(name: string): unknown };
  run(callbacks?: Record<number, (event: { data: Record<string, unknown>; interrupt?: () => void }) => undefined>): void;
  getModelStatus(): number;
  getSolution(): { colValue: Float64Array | number[] };
  getColName?(index: number): string;
  getObjectiveValue(): number;
  getLp?(): { colNames?: string[] };
  dispose(): void;
}

const cancel = new Int32Array((workerData as { cancelFlag: SharedArrayBuffer }).cancelFlag);
let currentId = 0;
const post = (msg: CoWorkerMessage) => parentPort!.postMessage({ ...msg, id: currentId });
const loadHighs = require('highs') as () => Promise<HighsModule>;
const highsReady = loadHighs();

parentPort!.on('message', (request: CoSolveRequest & { id: number }) => {
  currentId = request.id;
  solve(request).catch((error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function solve(request: CoSolveRequest): Promise<void> {
  const highs = await highsReady;
  const model = highs.createModel({ format: 'lp', data: request.lp });
  try {
    model.options.set({ output_flag: false, time_limit: request.timeLimitS, mip_rel_gap: request.mipGap });
    const t0 = performance.now();
    let lastPost = 0;
    // Every improving incumbent's assignment (names of the x variables set), for ranking by the scheduler.
    const columns = safe(() => model.getLp?.())?.colNames ?? null;
    const pool: string[][] = [];
    const cb = highs.constants.callbackType;
    const progress = (data: Record<string, unknown>) => {
      const now = performance.now();
      if (now - lastPost < 200) return;
      lastPost = now;
      post({ kind: 'progress', incumbent: finite(data.mip_primal_bound), bound: finite(data.mip_dual_bound), gap: finite(data.mip_gap), timeMs: now - t0 });
    };
    model.run({
      [cb.mipLogging]: (event) => {
        progress(event.data);
        return undefined;
      },
      [cb.mipImprovingSolution]: (event) => {
        lastPost = 0;
        progress(event.data);
        const x = event.data.mip_solution as Float64Array | undefined;
        if (columns && x && pool.length < 64) pool.push(columns.filter((name, i) => name.startsWith('x_') && (x[i] ?? 0) > 0.5));
        return undefined;
      },
      [cb.mipInterrupt]: (event) => {
        if (Atomics.load(cancel, 0) !== 0) event.interrupt?.();
        return undefined;
      },
    });
    const status = model.getModelStatus();
    const statusName = Object.entries(highs.constants.modelStatus).find(([, v]) => v === status)?.[0] ?? String(status);
    const solution = model.getSolution();
    const names = readColumnNames(model, solution.colValue.length);
    const values: Record<string, number> = {};
    if (names) names.forEach((n, i) => (values[n] = Number(solution.colValue[i] ?? 0)));
    post({
      kind: 'done',
      status: statusName,
      objective: finite(safe(() => model.getObjectiveValue())),
      bound: finite(safe(() => model.info.get('mip_dual_bound'))),
      gap: finite(safe(() => model.info.get('mip_gap'))),
      hasSolution: Number(safe(() => model.info.get('primal_solution_status')) ?? 0) === 2,
      values,
      pool,
      timeMs: performance.now() - t0,
    });
  } finally {
    model.dispose();
  }
}

function readColumnNames(model: HighsModel, n: number): string[] | null {
  const lp = safe(() => model.getLp?.());
  if (lp && Array.isArray(lp.colNames) && lp.colNames.length === n) return lp.colNames;
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = safe(() => model.getColName?.(i));
    if (typeof name !== 'string') return null;
    names.push(name);
  }
  return names;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function finite(x: unknown): number | null {
  const n = typeof x === 'bigint' ? Number(x) : typeof x === 'number' ? x : NaN;
  return Number.isFinite(n) && Math.abs(n) < 1e300 ? n : null;
}

