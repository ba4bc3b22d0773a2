/**
 * Workload data model: a DAG of layers (loop nests described by an einsum-like equation) and of zero-cost
 * dependency-only nodes. Everything is immutable plain data (JSON-serialisable, deep-equal comparable) with the
 * relevancy tables precomputed once at import, so the pipeline can create thousands of computation nodes from a
 * layer without recomputing them.
 *
 * Semantics follow ZigZag 3.8.0 (`LayerNode`, `LoopRelevancyInfo`) so that cost numbers match.
 */

/** Loop dimension name, upper-case as ZigZag normalises it: 'K', 'C', 'OX', 'FY', 'G', 'B', 'D0', 'IX', ... */
export type LoopDim = string;

/**
 * Layer operand as named in the equation: 'O' (always the output), 'W', 'I', or any other single name the
 * equation uses. (Memory operands such as 'I1'/'I2' belong to the mapping, not to the workload.)
 */
export type LayerOperand = string;

/** The output operand of every layer (ZigZag requires the equation to start with `O[...]`). */
export const OUTPUT_OPERAND: LayerOperand = 'O';
/** Key of the final-output precision inside `operand_precision`. */
export const FINAL_OUTPUT_KEY = 'O_final';

/** Which importer view to produce from ONNX: Stream keeps more node kinds as compute layers than ZigZag. */
export type WorkloadFlavour = 'zigzag' | 'stream';

/**
 * A partially relevant (pr) dimension defined by `prDim = coefA*dimA + coefB*dimB`,
 * e.g. `ix = 2*ox + 1*fx` (coefA = stride, coefB = dilation).
 */
export interface DimRelation {
  readonly prDim: LoopDim;
  readonly dimA: LoopDim;
  readonly coefA: number;
  readonly dimB: LoopDim;
  readonly coefB: number;
}

/** How one loop dimension relates to one operand, independent of the loop size. */
export type Relevance = 'r' | 'ir' | 'pr';

/**
 * Relevancy of the loop dimensions for one operand, exactly as ZigZag's `LoopRelevancyInfo`:
 * - an operand whose equation indices contain a pr dimension (the activation of a conv): `r` = its index dims
 *   that are not part of any relation (size-1 dims kept), `ir` = other loop dims not part of any relation with
 *   size != 1, `pr` = every relation of the layer. OX/FX/... are then neither r nor ir.
 * - any other operand: `r` / `ir` = its index dims / the other loop dims, both without size-1 dims; `pr` empty.
 */
export interface OperandRelevancy {
  /** The operand's own index dimensions in equation order, e.g. I: ['B','C','IY','IX'] (Stream's dimensionality order). */
  readonly dims: readonly LoopDim[];
  readonly r: readonly LoopDim[];
  readonly ir: readonly LoopDim[];
  /** pr dimension -> the two loop dimensions it is made of, e.g. { IX: ['OX','FX'] }. */
  readonly pr: Readonly<Record<LoopDim, readonly [LoopDim, LoopDim]>>;
  /** Size-independent relevance of every loop dim (loop dims only, not pr dims such as IX). */
  readonly relevance: Readonly<Record<LoopDim, Relevance>>;
}

/** What the ONNX importer kept of the original node (absent for YAML workloads). */
export interface OnnxNodeInfo {
  /** ONNX op_type as in the file, e.g. 'Conv'. */
  readonly opType: string;
  /** ONNX node name (may be empty in the file). */
  readonly nodeName: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Shapes of the inputs/outputs as read or inferred; null where unknown. */
  readonly inputShapes: readonly (readonly number[] | null)[];
  readonly outputShapes: readonly (readonly number[] | null)[];
  /** `group` attribute of a Conv, 1 otherwise. */
  readonly group: number;
}

interface NodeBase {
  /** Graph node id (YAML `id`, or the sequential id the ONNX importer assigned). Unique in the workload. */
  readonly id: number;
  readonly name: string;
  /**
   * Operator type used to look the layer up in a mapping: the YAML `operator_type`, or the ONNX op_type
   * ('Conv', 'Gemm', 'MaxPool', 'Add', ...). Softmax sub-layers use 'Softmax'.
   */
  readonly operatorType: string;
  /**
   * Lower-case node type as Stream names it ('conv', 'gemm', 'pooling', 'add', 'max', 'exp', 'sum', 'div',
   * 'reshape', ...). For YAML layers, the lower-cased operator type.
   */
  readonly type: string;
  readonly onnx?: OnnxNodeInfo;
}

/** A computational layer: a perfectly nested loop nest with one MAC per iteration. */
export interface Layer extends NodeBase {
  readonly kind: 'layer';
  /** Equation as given, e.g. `O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]`. */
  readonly equation: string;
  /** All operands in equation order; the output first. */
  readonly operands: readonly LayerOperand[];
  readonly outputOperand: LayerOperand;
  /** Input operands in equation order (usually ['W','I'] or ['I','W']). */
  readonly inputOperands: readonly LayerOperand[];
  /** Loop dimensions in the order given (YAML `loop_dims`). */
  readonly loopDims: readonly LoopDim[];
  readonly loopSizes: Readonly<Record<LoopDim, number>>;
  readonly dimRelations: readonly DimRelation[];
  /**
   * Total size of every pr dimension: given explicitly (`pr_loop_sizes`, the ONNX input shape) or computed
   * from the loop sizes minus the padding. Empty when the layer has no relations.
   */
  readonly prLoopSizes: Readonly<Record<LoopDim, number>>;
  /** Whether `prLoopSizes` came from the input (`pr_loop_sizes`) rather than being computed. */
  readonly prLoopSizesGiven: boolean;
  /** Order of the pr dims as given in `pr_loop_dims` (for padding and export), e.g. ['IY','IX']; may be empty. */
  readonly prLoopDims: readonly LoopDim[];
  /** Padding [begin, end] per pr dimension; missing dims mean [0, 0]. */
  readonly padding: Readonly<Record<LoopDim, readonly [number, number]>>;
  /** Bits per element of every operand of the equation ('O' is the partial-sum precision; 0 allowed, e.g. pooling W). */
  readonly operandPrecision: Readonly<Record<LayerOperand, number>>;
  /** Precision of the final output (`O_final`, or `O` when not given). */
  readonly finalOutputPrecision: number;
  /** Operands that are constant (weights): their YAML source was the layer itself. */
  readonly constantOperands: readonly LayerOperand[];
  /** Operand -> id of the producing node, only for operands produced by another node. */
  readonly operandSource: Readonly<Record<LayerOperand, number>>;
  /** Precomputed r/ir/pr table per operand. */
  readonly relevancy: Readonly<Record<LayerOperand, OperandRelevancy>>;
  /** Product of all loop sizes. */
  readonly totalMacs: number;
  /** Elements of each operand for the whole layer (r dims × pr dim sizes, ZigZag's `operand_size_elem`). */
  readonly operandSizeElem: Readonly<Record<LayerOperand, number>>;
  /** `operandSizeElem × operandPrecision` (ZigZag's `operand_size_bit`; O at its partial-sum precision). */
  readonly operandSizeBits: Readonly<Record<LayerOperand, number>>;
}

/**
 * A zero-cost node kept only for graph connectivity and dependency propagation:
 * - 'propagation': Reshape, Flatten, Transpose, Concat, Gather, Split, Slice, Squeeze, Unsqueeze, ... whose
 *   `attributes` and shapes tell how tensor ranges map from input to output.
 * - 'dummy': an op the importer does not model; dependencies pass straight through (a warning is recorded).
 */
export interface DependencyNode extends NodeBase {
  readonly kind: 'propagation' | 'dummy';
  readonly totalMacs: 0;
  /** Ids of the producing nodes, in input order. */
  readonly sources: readonly number[];
  /** Output tensor shape when known. */
  readonly outputShape: readonly number[] | null;
  /** Op attributes useful for propagation: axis, perm, shape, starts/ends/axes, split sizes, indices. */
  readonly attributes: Readonly<Record<string, number | string | readonly number[]>>;
}

export type WorkloadNode = Layer | DependencyNode;

/** A data dependency: node `from` produces the operand `operand` of node `to`. */
export interface WorkloadEdge {
  readonly from: number;
  readonly to: number;
  /**
   * The consumer's operand fed by this edge. For dependency nodes the inputs are named in order
   * 'I', 'W', then 'X2', 'X3', ... (ZigZag's DummyNode convention, extended to more than two inputs).
   */
  readonly operand: LayerOperand;
}

export interface Workload {
  /** Logical name, usually the file name without extension. */
  readonly name: string;
  readonly origin: 'yaml' | 'onnx';
  readonly flavour: WorkloadFlavour;
  /** All nodes in a topological order (producers before consumers; ties keep file order). */
  readonly nodes: readonly WorkloadNode[];
  readonly edges: readonly WorkloadEdge[];
  /** Non-fatal notes from the import (unsupported ONNX ops turned into dummy nodes, ...). */
  readonly warnings: readonly string[];
}

export interface WorkloadImportOptions {
  /** Default 'stream'. */
  readonly flavour?: WorkloadFlavour;
}

export function isLayer(node: WorkloadNode): node is Layer {
  return node.kind === 'layer';
}
