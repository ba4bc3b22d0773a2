import type { InputIssue, Result } from '../errors';
import { fail, ok } from '../errors';
import type { Layer, Workload, WorkloadEdge, WorkloadFlavour, WorkloadNode } from './types';

/** Operand names of a dependency node's inputs, in input order. */
export function dependencyInputOperand(index: number): string {
  return index === 0 ? 'I' : index === 1 ? 'W' : `X${index}`;
}

/** The edges into one node, in operand order (layers: equation order; dependency nodes: input order). */
export function incomingEdges(node: WorkloadNode): WorkloadEdge[] {
  if (node.kind === 'layer') {
    return node.inputOperands
      .filter((op) => op in node.operandSource)
      .map((op) => ({ from: node.operandSource[op], to: node.id, operand: op }));
  }
  return node.sources.map((from, i) => ({ from, to: node.id, operand: dependencyInputOperand(i) }));
}

export interface AssembleInput {
  readonly name: string;
  readonly origin: 'yaml' | 'onnx';
  readonly flavour: WorkloadFlavour;
  /** Nodes in file order. */
  readonly nodes: readonly WorkloadNode[];
  readonly warnings: readonly string[];
  readonly file: string;
  /** Field path of node i for error messages, e.g. `[3]`. */
  readonly fieldOf: (index: number) => string;
}

/**
 * Checks ids and references, builds the edges and orders the nodes topologically (Kahn's algorithm, ties in
 * file order). A reference to a missing node or a cycle is an input error.
 */
export function assembleWorkload(input: AssembleInput): Result<Workload> {
  const issues: InputIssue[] = [];
  const indexOf = new Map<number, number>();
  input.nodes.forEach((n, i) => {
    if (indexOf.has(n.id)) {
      issues.push({ file: input.file, field: `${input.fieldOf(i)}.id`, expected: 'a unique layer id', found: String(n.id) });
    } else indexOf.set(n.id, i);
  });
  const edgesByNode = input.nodes.map(incomingEdges);
  edgesByNode.forEach((edges, i) => {
    for (const e of edges) {
      if (!indexOf.has(e.from)) {
        const field = input.nodes[i].kind === 'layer' ? `operand_source.${e.operand}` : 'inputs';
        issues.push({ file: input.file, field: `${input.fieldOf(i)}.${field}`, expected: 'the id of a layer in this workload', found: String(e.from) });
      }
    }
  });
  if (issues.length > 0) return fail(issues);

  const n = input.nodes.length;
  const inDegree = new Array<number>(n).fill(0);
  const consumers: number[][] = Array.from({ length: n }, () => []);
  edgesByNode.forEach((edges, i) => {
    for (const e of edges) {
      inDegree[i]++;
      consumers[indexOf.get(e.from)!].push(i);
    }
  });
  // Ready set kept sorted by file index so the order is deterministic and close to the file's.
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (inDegree[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let k = 1; k < ready.length; k++) if (ready[k] < ready[best]) best = k;
    const i = ready[best];
    ready[best] = ready[ready.length - 1];
    ready.pop();
    order.push(i);
    for (const c of consumers[i]) if (--inDegree[c] === 0) ready.push(c);
  }
  if (order.length < n) {
    const stuck = input.nodes.filter((_, i) => inDegree[i] > 0).map((x) => x.id);
    const first = input.nodes.findIndex((_, i) => inDegree[i] > 0);
    return fail([{
      file: input.file,
      field: `${input.fieldOf(first)}.operand_source`,
      expected: 'an acyclic graph (operand sources must not form a loop)',
      found: `a cycle through layer ids ${stuck.join(', ')}`,
    }]);
  }
  const nodes = order.map((i) => input.nodes[i]);
  const edges = order.flatMap((i) => edgesByNode[i]);
  return ok(deepFreeze({ name: input.name, origin: input.origin, flavour: input.flavour, nodes, edges, warnings: input.warnings }));
}

/** Workloads are shared by many stages and CNs: freezing turns an accidental mutation into an immediate error. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

interface WorkloadIndex {
  readonly byId: Map<number, WorkloadNode>;
  readonly preds: Map<number, WorkloadNode[]>;
  readonly succs: Map<number, WorkloadNode[]>;
}

const indexCache = new WeakMap<Workload, WorkloadIndex>();

function indexOfWorkload(w: Workload): WorkloadIndex {
  let idx = indexCache.get(w);
  if (idx) return idx;
  const byId = new Map<number, WorkloadNode>();
  const preds = new Map<number, WorkloadNode[]>();
  const succs = new Map<number, WorkloadNode[]>();
  for (const node of w.nodes) {
    byId.set(node.id, node);
    preds.set(node.id, []);
    succs.set(node.id, []);
  }
  for (const e of w.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) continue;
    const p = preds.get(e.to)!;
    if (!p.includes(from)) p.push(from);
    const s = succs.get(e.from)!;
    if (!s.includes(to)) s.push(to);
  }
  idx = { byId, preds, succs };
  indexCache.set(w, idx);
  return idx;
}

/** The node with this id, or undefined. Indexed once per workload object. */
export function nodeById(w: Workload, id: number): WorkloadNode | undefined {
  return indexOfWorkload(w).byId.get(id);
}

/** Distinct producer nodes of a node (in edge order). Returns a shared array: do not mutate. */
export function predecessorsOf(w: Workload, id: number): readonly WorkloadNode[] {
  return indexOfWorkload(w).preds.get(id) ?? [];
}

/** Distinct consumer nodes of a node (in topological order). Returns a shared array: do not mutate. */
export function successorsOf(w: Workload, id: number): readonly WorkloadNode[] {
  return indexOfWorkload(w).succs.get(id) ?? [];
}

/**
 * The layers whose outputs reach this node, looking through dependency-only nodes (all their inputs), in
 * topological order. This is the layer-level DAG the scheduler and the layer stacks work on.
 */
export function producingLayersOf(w: Workload, id: number): readonly Layer[] {
  return throughDependencies(w, id, 'preds');
}

/** The layers that consume this node's output, looking through dependency-only nodes, in topological order. */
export function consumingLayersOf(w: Workload, id: number): readonly Layer[] {
  return throughDependencies(w, id, 'succs');
}

const layerNeighbourCache = new WeakMap<Workload, Map<string, readonly Layer[]>>();

function throughDependencies(w: Workload, id: number, direction: 'preds' | 'succs'): readonly Layer[] {
  let cache = layerNeighbourCache.get(w);
  if (!cache) {
    cache = new Map();
    layerNeighbourCache.set(w, cache);
  }
  const key = `${direction}:${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const idx = indexOfWorkload(w);
  const found = new Set<WorkloadNode>();
  const seen = new Set<number>([id]);
  const stack = [...(idx[direction].get(id) ?? [])];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    if (n.kind === 'layer') found.add(n);
    else stack.push(...(idx[direction].get(n.id) ?? []));
  }
  const order = new Map(w.nodes.map((n, i) => [n.id, i]));
  const result = ([...found] as Layer[]).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  cache.set(key, result);
  return result;
}

/** Only the computational layers, in topological order. */
export function layersOf(w: Workload): readonly Layer[] {
  return w.nodes.filter((n): n is Layer => n.kind === 'layer');
}

/**
 * A copy with only the computational layers (ZigZag's `get_copy_no_dummy`): an operand fed by a dependency node
 * is re-pointed at the layer behind it (through its first input, transitively); when there is none the operand
 * becomes an external input (no source).
 */
export function withoutDependencyNodes(w: Workload): Workload {
  const byId = new Map(w.nodes.map((n) => [n.id, n]));
  const resolved = new Map<number, number | null>();
  const resolve = (id: number): number | null => {
    const cached = resolved.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id);
    let result: number | null = null;
    if (node?.kind === 'layer') result = id;
    else if (node && node.sources.length > 0) result = resolve(node.sources[0]);
    resolved.set(id, result);
    return result;
  };
  const layers = w.nodes.filter((n): n is Layer => n.kind === 'layer').map((layer): Layer => {
    const operandSource: Record<string, number> = {};
    for (const [op, src] of Object.entries(layer.operandSource)) {
      const r = resolve(src);
      if (r !== null) operandSource[op] = r;
    }
    return { ...layer, operandSource };
  });
  return deepFreeze({ ...w, nodes: layers, edges: layers.flatMap(incomingEdges) });
}
