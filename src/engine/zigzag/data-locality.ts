/**
 * Inter-layer data locality (ZigZag's exploit_data_locality): instead of every layer reading its inputs
 * from and writing its outputs to the top memory, find per layer the lowest memory that can keep the
 * activations between layers (and one memory that can keep all the weights of the network), then cost each
 * layer on a hierarchy cut at those levels, so the traffic above them disappears.
 */
import type { Layer, Workload } from '../workload/types';
import { isLayer } from '../workload/types';
import type { CoreSpec, MappingSpec, MemOperand } from './spec';

/** Highest memory index (in the core's memory list) each memory operand may use for one layer. */
export type MemoryCut = ReadonlyMap<MemOperand, number>;

interface LayerGraph {
  readonly order: Layer[];
  readonly successors: Map<number, number[]>;
  readonly predecessors: Map<number, number[]>;
}

/** Layers only, with edges routed through the dependency-only nodes, in generation (BFS) topological order. */
function layerGraph(workload: Workload): LayerGraph {
  const succ = new Map<number, number[]>();
  const pred = new Map<number, number[]>();
  for (const node of workload.nodes) {
    succ.set(node.id, []);
    pred.set(node.id, []);
  }
  const addEdge = (from: number, to: number) => {
    if (from === to || succ.get(from)!.includes(to)) return;
    succ.get(from)!.push(to);
    pred.get(to)!.push(from);
  };
  for (const e of workload.edges) if (succ.has(e.from) && succ.has(e.to)) addEdge(e.from, e.to);
  for (const node of workload.nodes) {
    if (isLayer(node)) continue;
    for (const s of [...succ.get(node.id)!]) for (const p of [...pred.get(node.id)!]) addEdge(p, s);
    for (const s of succ.get(node.id)!) pred.set(s, pred.get(s)!.filter((x) => x !== node.id));
    for (const p of pred.get(node.id)!) succ.set(p, succ.get(p)!.filter((x) => x !== node.id));
    succ.delete(node.id);
    pred.delete(node.id);
  }
  const layers = new Map(workload.nodes.filter(isLayer).map((l) => [l.id, l] as const));
  const indegree = new Map([...layers.keys()].map((id) => [id, pred.get(id)!.length] as const));
  let generation = [...layers.keys()].filter((id) => indegree.get(id) === 0);
  const order: Layer[] = [];
  while (generation.length > 0) {
    const next: number[] = [];
    for (const id of generation) {
      order.push(layers.get(id)!);
      for (const child of succ.get(id)!) {
        indegree.set(child, indegree.get(child)! - 1);
        if (indegree.get(child) === 0) next.push(child);
      }
    }
    generation = next;
  }
  return { order, successors: succ, predecessors: pred };
}

/** The activation operand: the non-constant input (the second input when none or both are constant). */
export function activationOperand(layer: Layer): string {
  const inputs = layer.inputOperands;
  if (layer.constantOperands.length === 1) return inputs.find((op) => op !== layer.constantOperands[0]) ?? inputs[0]!;
  if (layer.constantOperands.length === 0) return inputs[1] ?? inputs[0]!;
  return inputs.find((op) => Object.keys(layer.relevancy[op]?.pr ?? {}).length > 0) ?? inputs[1] ?? inputs[0]!;
}

/** The weight operand: the constant input (the first input when none is constant). */
export function weightOperand(layer: Layer): string {
  const inputs = layer.inputOperands;
  if (layer.constantOperands.length === 1) return layer.constantOperands[0]!;
  if (layer.constantOperands.length === 0) return inputs[0]!;
  const act = activationOperand(layer);
  return layer.constantOperands.find((op) => op !== act) ?? inputs[0]!;
}

/**
 * Per layer, the highest memory index each memory operand keeps. `mappingOf` gives the layer's mapping
 * (for its memory operand links).
 */
export function dataLocalityCuts(workload: Workload, core: CoreSpec, mappingOf: (layer: Layer) => MappingSpec): Map<number, MemoryCut> {
  const { order, successors, predecessors } = layerGraph(workload);
  const cuts = new Map<number, MemoryCut>();
  if (order.length === 0) return cuts;
  const memOps = (layer: Layer) => {
    const links = mappingOf(layer).operandLinks;
    return {
      act: links[activationOperand(layer)]!,
      weight: links[weightOperand(layer)]!,
      output: links[layer.outputOperand]!,
    };
  };
  const topOf = (memOp: MemOperand) => {
    let top = -1;
    core.memories.forEach((m, i) => {
      if (m.operands.includes(memOp)) top = Math.max(top, i);
    });
    return top;
  };
  const first = memOps(workload.nodes.filter(isLayer)[0]!);
  const topAct = topOf(first.act);
  const topWeight = topOf(first.weight);
  const topOutput = topOf(first.output);

  const io = new Map<number, Map<MemOperand, number>>();
  let weightsOfNetwork = 0;
  for (const layer of order) {
    const m = memOps(layer);
    const sizes = new Map<MemOperand, number>();
    const actSize =
      layer.constantOperands.length === 0
        ? layer.inputOperands.reduce((a, op) => a + (layer.operandSizeBits[op] ?? 0), 0)
        : (layer.operandSizeBits[activationOperand(layer)] ?? 0);
    sizes.set(m.act, actSize);
    sizes.set(m.output, layer.operandSizeBits[layer.outputOperand] ?? 0);
    io.set(layer.id, sizes);
    if (layer.constantOperands.length > 0) weightsOfNetwork += layer.operandSizeBits[weightOperand(layer)] ?? 0;
  }

  const levels = new Map<number, Map<MemOperand, number>>();
  let weightLevel = topWeight;
  const lower = (id: number, memOp: MemOperand, target: number) => {
    const record = levels.get(id)!;
    const current = record.get(memOp);
    if (current !== undefined && (current === -1 || current > target)) record.set(memOp, target);
  };
  const arrayDims = core.arrayDims.length;
  order.forEach((layer, index) => {
    const m = memOps(layer);
    levels.set(layer.id, new Map([[m.act, -1], [m.output, -1]]));
    const isFirst = index === 0;
    const isLast = index === order.length - 1;
    const succ = successors.get(layer.id)!;
    const branchStart = succ.length > 1;
    const branchEnd = succ.length === 1 && predecessors.get(succ[0]!)!.length > 1;
    if (!isFirst) {
      const prev = predecessors.get(layer.id)![0];
      if (prev !== undefined && levels.has(prev)) {
        const prevLayer = order.find((l) => l.id === prev)!;
        lower(layer.id, m.act, levels.get(prev)!.get(memOps(prevLayer).output) ?? -1);
      }
    }
    if (branchStart || branchEnd) {
      if (isFirst) lower(layer.id, m.act, topAct);
      lower(layer.id, m.output, topOutput);
      return;
    }
    for (let level = core.memories.length - 1; level >= 0; level--) {
      const mem = core.memories[level]!;
      let served: readonly MemOperand[] = mem.operands;
      const available = mem.sizeBits * mem.unrollCount;
      let nextAct: MemOperand = m.act;
      if (!isLast) {
        const next = order.find((l) => l.id === succ[0])!;
        nextAct = memOps(next).act;
      }
      const servesIo = served.includes(nextAct) && served.includes(m.output);
      const servesWeight = served.includes(m.weight);
      if (layer.constantOperands.length === 0 && servesIo) served = [m.output, m.act];
      if (!servesIo && !servesWeight) continue;
      const sizes = io.get(layer.id)!;
      let required = 0;
      for (const op of served) if (op !== m.weight) required += sizes.get(op) ?? 0;
      if (served.includes(m.weight)) required += weightsOfNetwork;
      if (required > available) continue;
      if (servesIo) {
        if (isFirst) lower(layer.id, m.act, level);
        lower(layer.id, m.output, level);
      }
      if (level < weightLevel && mem.servedDims.length === arrayDims && servesWeight) weightLevel = level;
    }
  });

  for (const layer of order) {
    const m = memOps(layer);
    const record = levels.get(layer.id)!;
    const act = record.get(m.act)!;
    const output = record.get(m.output)!;
    const cut = new Map<MemOperand, number>();
    cut.set(m.weight, layer.constantOperands.length === 0 ? act : weightLevel);
    cut.set(m.act, act < 0 ? topAct : act);
    cut.set(m.output, output < 0 ? topOutput : output);
    cuts.set(layer.id, cut);
  }
  return cuts;
}

const cutCache = new WeakMap<CoreSpec, Map<string, CoreSpec>>();

/** The core with each memory operand removed from the memories above its cut (memories left empty disappear). */
export function cutCore(core: CoreSpec, cut: MemoryCut): CoreSpec {
  const key = [...cut].map(([op, level]) => `${op}:${level}`).join(',');
  let cuts = cutCache.get(core);
  if (!cuts) {
    cuts = new Map();
    cutCache.set(core, cuts);
  }
  let result = cuts.get(key);
  if (!result) {
    result = buildCutCore(core, cut);
    cuts.set(key, result);
  }
  return result;
}

function buildCutCore(core: CoreSpec, cut: MemoryCut): CoreSpec {
  const memories = core.memories.flatMap((mem, index) => {
    const operands = mem.operands.filter((op) => index <= (cut.get(op) ?? Infinity));
    if (operands.length === 0) return [];
    if (operands.length === mem.operands.length) return [mem];
    return [
      {
        ...mem,
        operands,
        ports: mem.ports.map((p) => ({ ...p, served: p.served.filter((s) => operands.includes(s.memOp)) })),
      },
    ];
  });
  return { ...core, memories };
}
