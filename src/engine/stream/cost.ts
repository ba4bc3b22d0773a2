/**
 * Cost of computation nodes on cores: the interface between the multi-core pipeline and a single-core cost
 * model, and the cost table (one entry per unique CN class and allowed core) the allocator and the scheduler
 * read. Entries are plain JSON so a persistent LUT (SQLite, a file) can store them under a content key.
 */
import type { MemoryOperand } from '../hardware/types';
import type { CnGraph } from './cn-graph';
import type { HardwareView } from './hardware-view';
import type { CnExecution } from './scheduler/types';
import { yieldToEventLoop } from './yield';

/** What the single-core model says about one CN class on one core. JSON-serialisable. */
export interface CostLutEntry {
  readonly latencyTotal0: number;
  readonly latencyTotal1: number;
  readonly latencyTotal2: number;
  /** MACs plus every memory level, including an added off-chip level for too-large operands, pJ. */
  readonly energyTotal: number;
  readonly macEnergy: number;
  /** Part of energyTotal spent in the off-chip level by too-large operands, pJ. */
  readonly offchipEnergy: number;
  /** Memory operands that do not fit on the core and stream from off-chip while the CN runs. */
  readonly tooLargeOperands: readonly MemoryOperand[];
  /** Bandwidth drawn from off-chip per streamed input memory operand, bits/cycle. */
  readonly offchipReadBw: Readonly<Partial<Record<MemoryOperand, number>>>;
  /** Bandwidth of output written back off-chip when O is streamed, bits/cycle. */
  readonly offchipWriteBw: number;
  readonly spatialUtilisation?: number;
  /** Costed with the IMC macro model: its clock period and latencyTotal2 in the core's own cycles (the latencies above are in system cycles). */
  readonly imc?: {
    readonly tclkNs: number;
    readonly coreCycles: number;
    /**
     * The CN writes its weights into the cells once (they fit the macro): the memory operand the cells hold, the
     * energy of that write (pJ, part of energyTotal) and latencyTotal2 without it (system cycles) — what the CN
     * costs when the cells already hold its weights (docs/differences.md, IMC weight rewrites).
     */
    readonly cellsFill?: { readonly memOp: MemoryOperand; readonly energyPj: number; readonly residentLatencyTotal2: number };
  };
}

/** A persistent cost cache (e.g. a SQLite table) keyed by a content hash. */
export interface CostLut {
  get(key: string): CostLutEntry | undefined;
  set(key: string, entry: CostLutEntry): void;
}

/** Costs CN classes on cores. `key` must change whenever anything that affects the result changes. */
export interface CnCostProvider {
  readonly name: string;
  key(graph: CnGraph, cn: number, coreId: number): string;
  evaluate(graph: CnGraph, cn: number, coreId: number, signal?: AbortSignal): CostLutEntry | Promise<CostLutEntry>;
}

/** Cost of every unique CN class on each core it may run on. */
export class CostTable {
  private readonly entries = new Map<number, CostLutEntry>();
  hits = 0;
  misses = 0;

  constructor(private readonly nCores: number) {}

  private slot(unique: number, core: number): number {
    return unique * this.nCores + core;
  }

  set(unique: number, core: number, entry: CostLutEntry): void {
    this.entries.set(this.slot(unique, core), entry);
  }

  get(unique: number, core: number): CostLutEntry {
    const e = this.entries.get(this.slot(unique, core));
    if (!e) throw new Error(`no cost for CN class ${unique} on core ${core}`);
    return e;
  }

  has(unique: number, core: number): boolean {
    return this.entries.has(this.slot(unique, core));
  }

  /** Cores with a cost entry for this class, ascending. */
  coresOf(unique: number): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.nCores; c++) if (this.entries.has(this.slot(unique, c))) out.push(c);
    return out;
  }
}

/** Cores a CN's layer may run on, minus cores without an operational array (the off-chip core). */
export function allowedCores(graph: CnGraph, hw: HardwareView, cn: number): number[] {
  const plan = graph.plans.get(graph.nodes[cn].layerId)!;
  const compute = new Set(hw.computeCoreIds());
  return plan.possibleCores.filter((c) => compute.has(c));
}

export interface FillProgress {
  (done: number, total: number): void;
}

/** Costs every unique CN class on every allowed core, through the persistent LUT when one is given. */
export async function fillCostTable(
  graph: CnGraph,
  hw: HardwareView,
  provider: CnCostProvider,
  lut: CostLut | undefined,
  onProgress?: FillProgress,
  signal?: AbortSignal,
): Promise<CostTable> {
  const table = new CostTable(hw.nCores);
  const jobs: { unique: number; cn: number; core: number }[] = [];
  graph.uniqueCns.forEach((cn, unique) => {
    for (const core of allowedCores(graph, hw, cn)) jobs.push({ unique, cn, core });
  });
  let done = 0;
  for (const job of jobs) {
    await yieldToEventLoop();
    if (signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
    const key = provider.key(graph, job.cn, job.core);
    let entry = lut?.get(key);
    if (entry) table.hits++;
    else {
      entry = await provider.evaluate(graph, job.cn, job.core, signal);
      table.misses++;
      lut?.set(key, entry);
    }
    table.set(job.unique, job.core, entry);
    onProgress?.(++done, jobs.length);
  }
  return table;
}

/** How a CN's runtime is read from its cost entry. */
export type RuntimeRule = 'ceil-total2' | 'reference-fixed' | 'reference-ga';

export function executionOf(entry: CostLutEntry, rule: RuntimeRule): CnExecution {
  const runtime =
    rule === 'reference-fixed' ? entry.latencyTotal2 : rule === 'reference-ga' ? Math.trunc(entry.latencyTotal1) : Math.ceil(entry.latencyTotal2);
  const fill = entry.imc?.cellsFill;
  // One literal of fixed shape (no spread): every execution shares one hidden class with its fields in the object,
  // which the scheduler reads for every CN.
  return {
    cellsResident:
      fill && rule === 'ceil-total2'
        ? { memOp: fill.memOp, runtime: Math.ceil(fill.residentLatencyTotal2), onChipEnergy: entry.energyTotal - entry.offchipEnergy - fill.energyPj }
        : undefined,
    runtime,
    onChipEnergy: entry.energyTotal - entry.offchipEnergy,
    macEnergy: entry.macEnergy,
    offChipEnergy: entry.offchipEnergy,
    tooLarge: entry.tooLargeOperands,
    offchipReadBw: entry.offchipReadBw,
    offchipWriteBw: entry.offchipWriteBw,
  };
}
