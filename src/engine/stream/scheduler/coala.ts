/**
 * COALA-style list scheduler: places CNs one at a time, in priority order among the ready ones, on their
 * allocated cores. For each CN it moves the tensors it needs over the interconnect (earliest window with enough
 * link bandwidth), makes room in the receiving memory (evicting by priority × size, writing evicted data back
 * off-chip), reserves off-chip bandwidth for the whole run of a CN whose operands do not fit on chip, and frees
 * tensors once their last consumer has run.
 *
 * The parts, each with one job, share state only through their interfaces: the TensorRegistry (tensors,
 * sub-tensors, priorities), the Residency (what each memory holds over time), the EvictionPolicy (making room),
 * the TransferPlanner (link windows, transfers, off-chip blocking) and the ScheduleLedger (energy, records, result).
 * Every difference from the reference schedulers is a named switch of SchedulerFeatures.
 */
import { InputError } from '../../errors';
import { MEMORY_OPERANDS, type MemoryOperand } from '../../hardware/types';
import type { CnGraph } from '../cn-graph';
import type { HardwareView } from '../hardware-view';
import { candidatePool, type CandidatePool } from './candidates';
import { EvictionPolicy } from './eviction';
import { ScheduleLedger, assembleOutcome } from './ledger';
import { ScheduleError } from './memory-manager';
import { prepareGraph, type PreparedGraph, type SliceTemplate } from './problem';
import { Residency } from './residency';
import { TensorRegistry } from './tensor-registry';
import { TransferPlanner, transferHow, type OffchipStream, type TensorSet } from './transfer-planner';
import type { CnExecution, ScheduleOutcome, SchedulerFeatures } from './types';

export interface ScheduleRequest {
  readonly graph: CnGraph;
  readonly hw: HardwareView;
  /** Core per CN. */
  readonly cores: Int32Array;
  readonly execution: readonly CnExecution[];
  /** Position of each CN in the scheduling order (lower = earlier). */
  readonly priority: Int32Array;
  readonly features: SchedulerFeatures;
  /**
   * Keep per-transfer records and the memory usage traces (for results); off for GA fitness evaluations, whose
   * outcomes then have no transfers and no memory traces.
   */
  readonly record: boolean;
  /** Checked between CNs. */
  readonly signal?: AbortSignal;
}

/**
 * The inputs of the CN being scheduled, refilled for every CN: per input (first `n` entries) the whole tensor it
 * needs, the tensor object actually moved (the tensor or the slice of it the CN needs), its memory operand (an
 * index into MEMORY_OPERANDS) and the slice needed (index into the prepared slice templates, -1 for all of it).
 * As a TensorSet it holds the moved tensor objects, which must not be evicted for one another.
 */
class CnInputs implements TensorSet {
  n = 0;
  readonly full: Int32Array;
  readonly subs: Int32Array;
  readonly ops: Uint8Array;
  readonly slices: Int32Array;
  /** Whether some input moves as a slice, i.e. `subs` may differ from `full`. */
  sliced = false;

  constructor(capacity: number) {
    this.full = new Int32Array(capacity);
    this.subs = new Int32Array(capacity);
    this.ops = new Uint8Array(capacity);
    this.slices = new Int32Array(capacity);
  }

  has(t: number): boolean {
    for (let i = 0; i < this.n; i++) if (this.subs[i] === t) return true;
    return false;
  }
}

/**
 * Per priority array (one per allocation problem): whether each CN opens a layer barrier, i.e. it is its layer's
 * first tile and every CN of its producer layers comes earlier in the scheduling order.
 */
const barrierCache = new WeakMap<Int32Array, Uint8Array>();

/** The cores some CN runs on, ascending. */
function usedCores(cores: Int32Array, nCores: number): number[] {
  const used = new Uint8Array(nCores);
  for (let i = 0; i < cores.length; i++) used[cores[i]] = 1;
  const out: number[] = [];
  for (let c = 0; c < nCores; c++) if (used[c] === 1) out.push(c);
  return out;
}

function layerBarriers(g: CnGraph, prepared: PreparedGraph, priority: Int32Array): Uint8Array {
  const cached = barrierCache.get(priority);
  if (cached && cached.length === g.nodes.length) return cached;
  const lastInOrder = new Map<number, number>();
  for (const plan of g.plans.values()) lastInOrder.set(plan.layer.id, plan.cns.reduce((m, c) => Math.max(m, priority[c]), -Infinity));
  const barriers = new Uint8Array(g.nodes.length);
  for (const node of g.nodes) {
    if (node.subId !== 0) continue;
    const myIdx = priority[node.index];
    const opens = prepared.preds[node.index].every((p) => {
      const pl = g.nodes[p].layerId;
      return pl === node.layerId || (lastInOrder.get(pl) ?? -Infinity) < myIdx;
    });
    if (opens) barriers[node.index] = 1;
  }
  barrierCache.set(priority, barriers);
  return barriers;
}

/**
 * The last scheduler (and through it its parts and candidate pool), kept referenced: V8's optimised code holds the
 * object layouts (maps) of the scheduler's objects only weakly, so a full GC between two schedules, with no instance
 * alive, dropped them and deoptimised every scheduler method at once (`node --trace-deopt`: "weak objects"), to be
 * recompiled over the next schedules — a few ms of extra CPU landing on single evaluations (the p95 of
 * bench/stream.bench.ts). It holds no more than the outcome returned last already refers to.
 */
let _lastScheduler: CoalaScheduler | undefined;

export function schedule(req: ScheduleRequest): ScheduleOutcome {
  const scheduler = new CoalaScheduler(req);
  _lastScheduler = scheduler;
  try {
    return scheduler.run();
  } finally {
    scheduler.dispose();
  }
}

class CoalaScheduler {
  private readonly g: CnGraph;
  private readonly hw: HardwareView;
  private readonly cores: Int32Array;
  private readonly exec: readonly CnExecution[];
  private readonly features: SchedulerFeatures;
  private readonly offchip: number;
  private readonly prepared: PreparedGraph;
  private readonly tensors: TensorRegistry;
  private readonly residency: Residency;
  private readonly eviction: EvictionPolicy;
  private readonly planner: TransferPlanner;
  private readonly ledger: ScheduleLedger;
  /** Operands each CN streams from off-chip; a CN's entry may be reset when the slices it needs fit. */
  private readonly tooLarge: (readonly MemoryOperand[])[];
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  /** Per core: when it becomes idle; `usedCores` are the cores some CN runs on. */
  private readonly coreIdleFrom: Float64Array;
  private readonly usedCores: readonly number[];
  private readonly sinkCns: Uint8Array;
  /** Per CN: whether it opens a layer barrier (see `syncCoresAtLayerStart`). */
  private readonly barriers: Uint8Array;
  private readonly nCores: number;
  /** Port bandwidth of the off-chip memory for I1, I2 and O (NaN where the off-chip core has none). */
  private readonly offchipPortBw: Float64Array;
  /** Per core: the weight tensor (graph tensor id) its IMC cells hold, or -1 (see `imcWeightsStayInCells`). */
  private readonly cellsHold: Int32Array;
  /** Per CN: 1 when it found its weights in the cells and runs with its `cellsResident` costs. */
  private readonly resident: Uint8Array;
  /** Per core: 1 when its weights may stay in IMC cells between CNs (see `takeTurnInCells`). */
  private readonly imcCore: Uint8Array;
  private readonly inputs: CnInputs;
  /** Ready CNs (a field only to keep its layout alive with `_lastScheduler`). */
  private ready: CandidatePool | undefined;
  private readonly fetchHow = transferHow();

  constructor(private readonly req: ScheduleRequest) {
    this.g = req.graph;
    this.hw = req.hw;
    this.cores = req.cores;
    this.exec = req.execution;
    this.features = req.features;
    this.offchip = req.hw.offchipCoreId;
    this.prepared = prepareGraph(this.g);
    this.inputs = new CnInputs(this.prepared.maxNeeds);
    this.tensors = new TensorRegistry(this.prepared, req.hw.memories.length, !req.record);
    this.residency = new Residency(req.hw, this.tensors, this.prepared.equalityClasses, req.record);
    this.ledger = new ScheduleLedger(req.hw.links.length, req.record);
    const evictionFraction = this.features.fullLinkBandwidth ? () => 1 : (t: number) => 1 / this.prepared.interSplits[this.tensors.originCn(t)];
    this.eviction = new EvictionPolicy(req.hw, this.tensors, this.residency, evictionFraction, {
      toOffchip: (tensor, sender, k, fraction, cause) => this.planner.transfer(tensor, this.offchip, k, 0, transferHow({ sender, fraction, cause })),
    });
    this.planner = new TransferPlanner(req.hw, this.features, this.tensors, this.residency, this.ledger, this.eviction, this.cores);
    // Per-schedule arrays are filled by loops, not Array.prototype.map / Array.from: those make arrays of another
    // elements kind once the constructor is optimised (inlined, holey) than before (packed), and every method that
    // reads them then deoptimises ("wrong map") in the middle of a run of schedules.
    this.tooLarge = new Array<readonly MemoryOperand[]>(this.exec.length);
    for (let cn = 0; cn < this.exec.length; cn++) this.tooLarge[cn] = this.exec[cn].tooLarge;
    const n = this.g.nodes.length;
    this.start = new Float64Array(n).fill(-1);
    this.end = new Float64Array(n).fill(-1);
    this.coreIdleFrom = new Float64Array(req.hw.nCores);
    this.usedCores = usedCores(this.cores, req.hw.nCores);
    this.sinkCns = this.prepared.sinks[this.features.sinkLayers];
    this.barriers = layerBarriers(this.g, this.prepared, req.priority);
    this.nCores = req.hw.nCores;
    this.offchipPortBw = new Float64Array(3);
    for (let k = 0; k < 3; k++) {
      const op = MEMORY_OPERANDS[k];
      this.offchipPortBw[k] = req.hw.hasTop(this.offchip, op) ? req.hw.memories[req.hw.top(this.offchip, op)].portBwMax : NaN;
    }
    this.cellsHold = new Int32Array(req.hw.nCores).fill(-1);
    this.resident = new Uint8Array(n);
    this.imcCore = new Uint8Array(this.nCores);
    if (this.features.imcWeightsStayInCells) for (let c = 0; c < this.nCores; c++) this.imcCore[c] = req.hw.core(c).operationalArray.imc ? 1 : 0;
  }

  /** Returns reusable buffers; the outcome does not depend on them. */
  dispose(): void {
    this.residency.dispose();
    this.tensors.dispose();
    this.planner.dispose();
  }

  // ---------------------------------------------------------------- main loop

  run(): ScheduleOutcome {
    this.initPriorities();
    this.placeOffchipTensors();
    this.prefetch();
    const { start: predStart } = this.prepared.predLists;
    const { start: succStart, items: succItems } = this.prepared.succLists;
    const ready = (this.ready = candidatePool(this.features.candidateSelection, this.req.priority, this.g));
    const total = this.g.nodes.length;
    const waiting = new Int32Array(total);
    // Per CN: the last end among its producers scheduled so far (their maximum once none is waiting).
    const predsEnd = new Float64Array(total);
    for (let cn = 0; cn < total; cn++) {
      waiting[cn] = predStart[cn + 1] - predStart[cn];
      if (waiting[cn] === 0) ready.push(cn, this.coreIdleFrom[this.cores[cn]]);
    }
    const end = this.end;
    for (let done = 0; done < total; done++) {
      if ((done & 63) === 0 && this.req.signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
      if (ready.size === 0) throw new ScheduleError('no CN is ready: the CN graph has a cycle');
      const cn = ready.pop();
      this.scheduleCn(cn, ready.poppedPredsEnd);
      const cnEnd = end[cn];
      for (let k = succStart[cn]; k < succStart[cn + 1]; k++) {
        const s = succItems[k];
        if (cnEnd > predsEnd[s]) predsEnd[s] = cnEnd;
        if (--waiting[s] === 0) ready.push(s, predsEnd[s]);
      }
    }
    return assembleOutcome({
      ledger: this.ledger,
      start: this.start,
      end: this.end,
      memoryTraces: this.residency.traces(),
      linkBusyCycles: this.req.record ? this.planner.busyCycles() : [],
      tensorInfo: (id) => this.tensors.info(id),
      cellsResident: this.resident,
    });
  }

  private scheduleCn(cn: number, predsEnd: number): void {
    const core = this.cores[cn];
    if (this.imcCore[core] === 1) this.takeTurnInCells(cn, core);
    const inputs = this.inputsOf(cn, core);
    const fraction = this.features.fullLinkBandwidth ? 1 : 1 / this.prepared.interSplits[cn];
    if (this.features.syncCoresAtLayerStart) this.syncCoresIfLayerStart(cn);
    const idleFrom = this.coreIdleFrom[core];
    let t = Math.max(idleFrom, predsEnd);
    const tooLarge = this.tooLarge[cn];
    if (tooLarge.length > 0) t = this.eviction.clearMemories(core, tooLarge, t, inputs, fraction);
    t = Math.max(t, this.fetchInputs(cn, core, inputs, idleFrom, fraction));
    if (this.features.writeBackStreamedInputs && tooLarge.length > 0) t = Math.max(t, this.writeBackStreamedInputs(cn, fraction));
    t = this.reserveOutputAndStreams(cn, core, t, inputs);
    const end = this.commit(cn, core, t);
    this.release(cn, core, inputs, end, fraction);
  }

  /** The costs of a CN as it runs here: without the cells write when its weights were already in the cells. */
  private execOf(cn: number): CnExecution {
    const exec = this.exec[cn];
    return this.resident[cn] === 1 ? { ...exec, runtime: exec.cellsResident!.runtime, onChipEnergy: exec.cellsResident!.onChipEnergy } : exec;
  }

  /**
   * IMC cells: a CN whose weight tensor is the one its core's cells hold (the core's previous CN used the same
   * weights) runs without rewriting them; otherwise it writes them (its full costs) and the cells hold them now.
   * A CN of a layer with weights that does not write them in one go (they exceed the macro) leaves the cells
   * holding a part only.
   */
  private takeTurnInCells(cn: number, core: number): void {
    const node = this.g.nodes[cn];
    const plan = this.g.plans.get(node.layerId)!;
    const fill = this.exec[cn].cellsResident;
    if (!fill) {
      if (plan.layer.constantOperands.length > 0) this.cellsHold[core] = -1;
      return;
    }
    const layerOp = plan.layer.operands.find((o) => plan.memoryOperandOf[o] === fill.memOp);
    if (layerOp === undefined) return;
    const weights = node.tensors[layerOp];
    if (this.cellsHold[core] === weights) this.resident[cn] = 1;
    this.cellsHold[core] = weights;
  }

  // ---------------------------------------------------------------- set-up steps

  /** Priorities: consumers on other layers per memory for outputs, the graph's base priority for constants. */
  private initPriorities(): void {
    const { add, t, cn, op, value } = this.prepared.priorityInitColumns;
    for (let i = 0; i < add.length; i++) {
      const mem = this.residency.memOfIndex(this.cores[cn[i]], op[i]);
      if (add[i] === 1) this.tensors.addPriority(t[i], mem, value[i]);
      else this.tensors.setPriority(t[i], mem, value[i]);
    }
  }

  /** Constant operands and the inputs of source CNs start in off-chip memory. */
  private placeOffchipTensors(): void {
    const { t: tensors, op } = this.prepared.offchipAtStart;
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i];
      if (this.residency.onCore(t, this.offchip)) continue;
      this.residency.store(t, this.offchip, op[i], 0, 0);
    }
  }

  private prefetch(): void {
    const ops = this.features.prefetchOperands;
    if (ops.length === 0) return;
    for (let cn = 0; cn < this.cores.length; cn++) {
      for (const c of this.prepared.constants[cn]) {
        if (!ops.includes(c.operand)) continue;
        if (this.residency.onCore(c.t, this.cores[cn])) continue;
        // As in the reference, a prefetched operand must fit its core's memory (the reference fails there too).
        const size = this.tensors.get(c.t).size;
        const mem = this.residency.memOf(this.cores[cn], c.memOp);
        if (this.residency.memory(mem).capacity < size) {
          throw new InputError([
            {
              file: '<options>',
              field: 'operands_to_prefetch',
              expected: `operands that fit their core's memory: ${c.operand} of layer ${this.g.nodes[cn].layerId} (${this.g.plans.get(this.g.nodes[cn].layerId)?.layer.name ?? '?'}) is ${size.toLocaleString('en-US')} bits, memory ${this.hw.memories[mem].key} holds ${this.residency.memory(mem).capacity.toLocaleString('en-US')} (drop ${c.operand} from operands_to_prefetch; without prefetching it streams from off-chip)`,
              found: c.operand,
            },
          ]);
        }
        this.planner.transfer(c.t, this.cores[cn], MEMORY_OPERANDS.indexOf(c.memOp), 0);
      }
    }
  }

  // ---------------------------------------------------------------- steps of one CN

  /** What the CN fetches (see `fetchOrder`, `subTensors`, `unstreamFittingSlices`, `fetchAfterStreamingReset`). */
  private inputsOf(cn: number, core: number): CnInputs {
    const inputs = this.inputs;
    this.tensorsNeeded(cn, inputs);
    this.slicesOf(inputs, cn, core);
    const streamedBefore = this.tooLarge[cn].length;
    if (this.features.unstreamFittingSlices) this.unstreamIfSlicesFit(cn, inputs, core);
    if (this.features.fetchAfterStreamingReset && streamedBefore > 0 && this.tooLarge[cn].length === 0) {
      this.tensorsNeeded(cn, inputs);
      this.slicesOf(inputs, cn, core);
    }
    return inputs;
  }

  /** Sets the tensors a CN fetches (all but the streamed operands), the memory operand each goes to, and their needs. */
  private tensorsNeeded(cn: number, inputs: CnInputs): void {
    const tooLarge = this.tooLarge[cn];
    const { start, t: needT, op: needOp, slice: needSlice } = this.prepared.needColumns[this.features.fetchOrder];
    const { full, subs, ops, slices } = inputs;
    let n = 0;
    for (let j = start[cn]; j < start[cn + 1]; j++) {
      if (tooLarge.length > 0 && tooLarge.includes(MEMORY_OPERANDS[needOp[j]])) continue;
      full[n] = needT[j];
      subs[n] = needT[j];
      ops[n] = needOp[j];
      slices[n] = needSlice[j];
      n++;
    }
    inputs.n = n;
    inputs.sliced = false;
  }

  /** Sets, per input, the slice the CN needs along its intra-core tiled dims, fetched from off-chip (or the whole tensor). */
  private slicesOf(inputs: CnInputs, cn: number, core: number): void {
    if (!this.features.subTensors || this.prepared.tiledInCore[cn] === 0) return;
    const { full, subs, slices } = inputs;
    inputs.sliced = true;
    for (let i = 0; i < inputs.n; i++) {
      const t = full[i];
      const slice = slices[i];
      subs[i] = slice < 0 || this.residency.onCore(t, core) ? t : this.cutSlice(t, this.prepared.sliceTemplates[slice]);
    }
  }

  private cutSlice(t: number, slice: SliceTemplate): number {
    if (this.features.wholeTensorWhenNotOffchip && !this.residency.onCore(t, this.offchip)) return t;
    const available = this.residency.availableOn(t, this.offchip, 'must be off-chip to be fetched in slices');
    const id = this.tensors.addSlice(t, slice);
    this.residency.store(id, this.offchip, this.tensors.opIndex(t), available, available);
    return id;
  }

  /** A CN whose streamed operands fit once only slices are fetched keeps them on chip. */
  private unstreamIfSlicesFit(cn: number, inputs: CnInputs, core: number): void {
    const tooLarge = this.tooLarge[cn];
    if (tooLarge.length === 0 || inputs.n === 0) return;
    for (const memOp of this.prepared.constantMemOps[cn]) if (tooLarge.includes(memOp)) return;
    const perOp = new Map<MemoryOperand, number>();
    for (let i = 0; i < inputs.n; i++) {
      const op = MEMORY_OPERANDS[inputs.ops[i]];
      perOp.set(op, (perOp.get(op) ?? 0) + this.tensors.size(inputs.subs[i]));
    }
    const out = this.tensors.get(this.prepared.outputTensor[cn]);
    perOp.set(out.memOp, (perOp.get(out.memOp) ?? 0) + out.size);
    const seen = new Set<number>();
    for (const op of ['I1', 'I2', 'O'] as const) {
      if (!this.hw.hasTop(core, op)) continue;
      const mem = this.hw.top(core, op);
      if (seen.has(mem)) continue;
      seen.add(mem);
      let required = 0;
      for (const o of ['I1', 'I2', 'O'] as const) if (this.hw.hasTop(core, o) && this.hw.top(core, o) === mem) required += perOp.get(o) ?? 0;
      if (required > this.hw.memories[mem].sizeBits) return;
    }
    this.tooLarge[cn] = [];
  }

  /** Layer barrier: at the first CN of a layer whose producers' CNs all come earlier, align every core. */
  private syncCoresIfLayerStart(cn: number): void {
    if (this.barriers[cn] === 0) return;
    let max = 0;
    for (const c of this.usedCores) max = Math.max(max, this.coreIdleFrom[c]);
    for (const c of this.usedCores) this.coreIdleFrom[c] = max;
  }

  /** Moves the CN's inputs to its core; returns when the last one has arrived. */
  private fetchInputs(cn: number, core: number, inputs: CnInputs, idleFrom: number, fraction: number): number {
    const { subs, ops, n } = inputs;
    let headstart = 0;
    if (this.features.transferHeadstart) {
      for (let i = 0; i < n; i++) {
        const portBw = this.offchipPortBw[ops[i]];
        if (Number.isNaN(portBw)) this.hw.top(this.offchip, MEMORY_OPERANDS[ops[i]]); // throws: no off-chip memory for it
        headstart += Math.ceil(this.tensors.size(subs[i]) / (portBw * fraction));
      }
    }
    const earliest = this.features.transferAsSoonAsDataExists ? 0 : idleFrom - headstart;
    let t = 0;
    // Read by the planner at the start of each transfer; nested transfers (write-backs) bring their own.
    const how = this.fetchHow;
    how.avoid = inputs;
    how.fraction = fraction;
    for (let i = 0; i < n; i++) {
      const done = this.planner.transfer(subs[i], core, ops[i], earliest, how);
      t = Math.max(t, done);
    }
    return t;
  }

  /** Writes producer outputs a CN will stream from off-chip to off-chip memory first; returns when they are there. */
  private writeBackStreamedInputs(cn: number, fraction: number): number {
    let done = 0;
    for (const need of this.prepared.needsByLayer[cn]) {
      if (!this.tooLarge[cn].includes(need.memOp)) continue;
      const tensor = this.tensors.get(need.t);
      if (tensor.layerId === this.g.nodes[cn].layerId || this.residency.onCore(need.t, this.offchip)) continue;
      done = Math.max(done, this.planner.transfer(need.t, this.offchip, this.tensors.opIndex(need.t), 0, transferHow({ fraction, cause: 'offchip_write' })));
    }
    return done;
  }

  /** Makes room for the output and reserves off-chip bandwidth for streamed operands; returns the CN's start. */
  private reserveOutputAndStreams(cn: number, core: number, t: number, inputs: TensorSet): number {
    const outT = this.outputOf(cn);
    const outK = this.tensors.opIndex(outT);
    const outCore = this.outputStreams(cn, outT) ? this.offchip : core;
    if (this.features.blockBeforeOutputSpace) {
      t = this.blockOffchip(cn, core, t);
      return this.eviction.makeSpace(outT, outCore, outK, t, inputs);
    }
    t = this.eviction.makeSpace(outT, outCore, outK, t, inputs);
    return this.blockOffchip(cn, core, t);
  }

  /** Places the CN at `t` and its output where it is produced; returns its end. */
  private commit(cn: number, core: number, t: number): number {
    const outT = this.outputOf(cn);
    const outCore = this.outputStreams(cn, outT) ? this.offchip : core;
    const exec = this.execOf(cn);
    const end = t + exec.runtime;
    this.residency.store(outT, outCore, this.tensors.opIndex(outT), t, end);
    this.start[cn] = t;
    this.end[cn] = end;
    this.coreIdleFrom[core] = end;
    this.ledger.cnCost(exec.onChipEnergy, exec.macEnergy, exec.offChipEnergy);
    return end;
  }

  /** Releases what the CN used: priorities, tensors nobody needs any more, slices, and a sink's output. */
  private release(cn: number, core: number, inputs: CnInputs, end: number, fraction: number): void {
    const { full, subs, ops, n } = inputs;
    for (let i = 0; i < n; i++) this.tensors.addPriority(full[i], this.residency.memOfIndex(core, ops[i]), -1);
    this.removeUnneeded(inputs, end);
    if (inputs.sliced) {
      for (let i = 0; i < n; i++) {
        // A slice has an id of its own, never one of the whole tensors needed.
        const s = subs[i];
        if (s === full[i]) continue;
        this.residency.free(s, core, ops[i], end);
        this.residency.free(s, this.offchip, ops[i], end);
      }
    }
    if (this.sinkCns[cn] && !this.tooLarge[cn].includes('O')) {
      const outT = this.outputOf(cn);
      this.eviction.removal(outT, core, this.tensors.opIndex(outT), end, fraction, 'sink');
    }
  }

  /** Removes tensors no consumer needs any more from every memory, once their last local consumer has run. */
  private removeUnneeded(inputs: CnInputs, end: number): void {
    const nMems = this.residency.memoryCount;
    for (let i = 0; i < inputs.n; i++) {
      const t = inputs.full[i];
      if (this.tensors.totalPriority(t) !== 0) continue;
      const eq = this.tensors.eq(t);
      if (this.residency.tracksHolders) {
        // Removals only free copies, so every memory the plain loop below would find holding it is in these bits;
        // removing the copy in one memory leaves the others' bits as they are.
        for (let bits = this.residency.holderBits(eq); bits !== 0; bits &= bits - 1) this.removeCopy(t, 31 - Math.clz32(bits & -bits), end);
      } else {
        for (let m = 0; m < nMems; m++) if (this.residency.holds(m, eq)) this.removeCopy(t, m, end);
      }
    }
  }

  /** Removes tensor `t` from memory `m`, once its last local consumer has run. */
  private removeCopy(t: number, m: number, end: number): void {
    let when = end;
    if (this.prepared.isOutput[t]) {
      // The last end among the consumers (in other layers) that ran so far on this memory's cores, or on any core
      // when this is the off-chip memory. Read from the consumers' own ends: they ran recently, so those are in
      // cache, where a per-producer, per-core table of ends would not be.
      const { start, items: consumers } = this.prepared.consumerElsewhereLists;
      const origin = this.tensors.originCn(t);
      const { end: ends, cores } = this;
      const readsFrom = this.hw.readsFrom;
      const row = m * this.nCores;
      let max = -Infinity;
      for (let k = start[origin], last = start[origin + 1]; k < last; k++) {
        const c = consumers[k];
        // A CN's end stays -1 until it is placed.
        const e = ends[c];
        if (e > max && e >= 0 && readsFrom[row + cores[c]] === 1) max = e;
      }
      if (max > -Infinity) when = max;
    }
    this.residency.freeIn(m, t, when);
  }

  /** Reserves off-chip bandwidth for the whole run of a CN that streams operands; returns its start time. */
  private blockOffchip(cn: number, core: number, t: number): number {
    const tooLarge = this.tooLarge[cn];
    if (tooLarge.length === 0) return t;
    const exec = this.execOf(cn);
    const perLink = this.streams;
    perLink.clear();
    if (tooLarge.includes('O')) this.addStream(this.hw.route(core, this.offchip), this.outputOf(cn), exec.offchipWriteBw, true);
    let route: readonly number[] | undefined;
    for (const memOp of tooLarge) {
      if (memOp === 'O') continue;
      route ??= this.hw.route(this.offchip, core);
      const tensor = this.prepared.tensorOfMemOp[cn * 3 + MEMORY_OPERANDS.indexOf(memOp)];
      if (tensor >= 0) this.addStream(route, tensor, exec.offchipReadBw[memOp] ?? 0, false);
    }
    if (perLink.size === 0) return t;
    return this.planner.blockOffchip(perLink, core, t, exec.runtime);
  }

  /** What the CN being scheduled streams per link (refilled by `blockOffchip`). */
  private readonly streams = new Map<number, OffchipStream[]>();

  private addStream(links: readonly number[], tensor: number, bw: number, toOffchip: boolean): void {
    for (let i = 0; i < links.length; i++) {
      const l = links[i];
      if (links.indexOf(l) < i) continue;
      let list = this.streams.get(l);
      if (!list) this.streams.set(l, (list = []));
      list.push({ tensor, bw, toOffchip });
    }
  }

  private outputOf(cn: number): number {
    return this.prepared.outputTensor[cn];
  }

  /** Whether the CN streams its output `outT` to off-chip memory (then it is produced there). */
  private outputStreams(cn: number, outT: number): boolean {
    const tooLarge = this.tooLarge[cn];
    return tooLarge.length > 0 && tooLarge.includes(this.tensors.memOp(outT));
  }
}
