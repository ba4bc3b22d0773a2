import type { InputIssue, Result } from '../errors';
import { fail, ok } from '../errors';
import { parseDimRelation, parseEquation, prDimensionSize } from './equation';
import type { DimRelation, Layer, LayerOperand, LoopDim, OnnxNodeInfo, OperandRelevancy, Relevance } from './types';
import { FINAL_OUTPUT_KEY, OUTPUT_OPERAND } from './types';

/**
 * A layer in ZigZag's user format (the fields of one YAML workload entry), already type-checked.
 * Both importers build layers through `buildLayer`, so YAML and ONNX give identical objects for identical data.
 */
export interface LayerSpec {
  readonly id: number;
  readonly name: string;
  readonly operatorType: string;
  /** Lower-case node type; defaults to the lower-cased operator type. */
  readonly type?: string;
  readonly equation: string;
  readonly dimensionRelations: readonly string[];
  readonly loopDims: readonly string[];
  readonly loopSizes: readonly number[];
  /** Includes 'O' and 'O_final'. */
  readonly operandPrecision: Readonly<Record<string, number>>;
  /** Operand -> producing node id; the layer's own id marks a constant operand. */
  readonly operandSource: Readonly<Record<string, number>>;
  readonly prLoopDims?: readonly string[] | null;
  readonly prLoopSizes?: readonly number[] | null;
  readonly padding?: readonly (readonly [number, number])[] | null;
  readonly onnx?: OnnxNodeInfo;
}

/** Where a spec came from, for error messages: `field` is the path prefix of the layer, e.g. `[3]`. */
export interface SpecLocation {
  readonly file: string;
  readonly field: string;
}

const isPositiveInt = (v: number): boolean => Number.isInteger(v) && v > 0;

/** Validates a spec and derives everything the cost model needs (relevancy tables, sizes). */
export function buildLayer(spec: LayerSpec, at: SpecLocation): Result<Layer> {
  const issues: InputIssue[] = [];
  const issue = (field: string, expected: string, found?: string): void => {
    issues.push({ file: at.file, field: `${at.field}.${field}`, expected, ...(found !== undefined ? { found } : {}) });
  };

  const parsed = parseEquation(spec.equation);
  if (typeof parsed === 'string') {
    issue('equation', `an equation like O[b][k]+=W[k][c]*I[b][c] with ${parsed}`, JSON.stringify(spec.equation));
    return fail(issues);
  }

  // Loop dimensions and sizes.
  const loopDims = spec.loopDims.map((d) => d.toUpperCase());
  const loopSizes: Record<LoopDim, number> = {};
  if (spec.loopDims.length !== spec.loopSizes.length) {
    issue('loop_sizes', `one size per loop dimension (${spec.loopDims.length})`, `${spec.loopSizes.length} sizes`);
  }
  loopDims.forEach((dim, i) => {
    if (dim in loopSizes) issue(`loop_dims[${i}]`, 'each loop dimension once', dim);
    const size = spec.loopSizes[i];
    if (size === undefined) return;
    if (!isPositiveInt(size)) issue(`loop_sizes[${i}]`, `a positive integer size for ${dim}`, String(size));
    loopSizes[dim] = size;
  });

  // Dimension relations (pr dimensions).
  const dimRelations: DimRelation[] = [];
  spec.dimensionRelations.forEach((text, i) => {
    const rel = parseDimRelation(text);
    if (typeof rel === 'string') {
      issue(`dimension_relations[${i}]`, rel, JSON.stringify(text));
      return;
    }
    for (const d of [rel.dimA, rel.dimB]) {
      if (!(d in loopSizes)) issue(`dimension_relations[${i}]`, `loop dimensions from loop_dims (${loopDims.join(', ')})`, d);
    }
    if (rel.prDim in loopSizes) issue(`dimension_relations[${i}]`, 'a pr dimension (e.g. IX) that is not also a loop dimension', rel.prDim);
    if (dimRelations.some((r) => r.prDim === rel.prDim)) issue(`dimension_relations[${i}]`, 'one relation per pr dimension', rel.prDim);
    dimRelations.push(rel);
  });
  if (issues.length > 0) return fail(issues);
  const prOf: Record<LoopDim, DimRelation> = {};
  for (const r of dimRelations) prOf[r.prDim] = r;
  const prLoopList = new Set<LoopDim>(dimRelations.flatMap((r) => [r.prDim, r.dimA, r.dimB]));

  // Every index of every operand must be a loop dimension or a pr dimension.
  const operands = parsed.operands.map((o) => o.operand);
  parsed.operands.forEach((o) => {
    for (const d of o.dims) {
      if (!(d in loopSizes) && !(d in prOf)) {
        issue('equation', `indices of ${o.operand} among loop_dims (${loopDims.join(', ')}) or pr dimensions of dimension_relations`, d);
      }
    }
  });

  // Precisions.
  const precision: Record<string, number> = {};
  for (const [key, bits] of Object.entries(spec.operandPrecision)) {
    if (key !== FINAL_OUTPUT_KEY && !operands.includes(key)) {
      issue(`operand_precision.${key}`, `an operand of the equation (${operands.join(', ')}) or ${FINAL_OUTPUT_KEY}`, key);
      continue;
    }
    if (!Number.isInteger(bits) || bits < 0) issue(`operand_precision.${key}`, 'a non-negative integer number of bits', String(bits));
    precision[key] = bits;
  }
  for (const key of [...operands, FINAL_OUTPUT_KEY]) {
    if (!(key in spec.operandPrecision)) issue(`operand_precision.${key}`, `a precision in bits for ${key}`, 'nothing');
  }

  // Operand sources: own id = constant, anything else = produced by that node.
  const inputOperands = operands.slice(1);
  const constantOperands: LayerOperand[] = [];
  const operandSource: Record<LayerOperand, number> = {};
  for (const [op, src] of Object.entries(spec.operandSource)) {
    if (!inputOperands.includes(op)) {
      issue(`operand_source.${op}`, `an input operand of the equation (${inputOperands.join(', ')})`, op);
      continue;
    }
    if (!Number.isInteger(src) || src < 0) {
      issue(`operand_source.${op}`, 'a layer id (non-negative integer)', String(src));
      continue;
    }
    if (src === spec.id) constantOperands.push(op);
    else operandSource[op] = src;
  }
  constantOperands.sort((a, b) => operands.indexOf(a) - operands.indexOf(b));

  // pr loop dims, explicit pr sizes and padding.
  const prLoopDims = (spec.prLoopDims ?? []).map((d) => d.toUpperCase());
  prLoopDims.forEach((d, i) => {
    if (!(d in prOf)) issue(`pr_loop_dims[${i}]`, `a pr dimension defined in dimension_relations (${Object.keys(prOf).join(', ') || 'none'})`, d);
  });
  const padding: Record<LoopDim, readonly [number, number]> = {};
  if (spec.padding) {
    if (!spec.prLoopDims) issue('padding', 'pr_loop_dims naming the dimension of each padding entry', 'no pr_loop_dims');
    else if (spec.padding.length !== prLoopDims.length) {
      issue('padding', `one [begin, end] pair per pr_loop_dims entry (${prLoopDims.length})`, `${spec.padding.length} pairs`);
    } else {
      spec.padding.forEach(([lo, hi], i) => {
        if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < 0) {
          issue(`padding[${i}]`, 'two non-negative integers [begin, end]', `[${lo}, ${hi}]`);
        }
        padding[prLoopDims[i]] = [lo, hi];
      });
    }
  }
  const givenPrSizes: Record<LoopDim, number> = {};
  if (spec.prLoopSizes) {
    if (!spec.prLoopDims) issue('pr_loop_sizes', 'pr_loop_dims naming the dimension of each size', 'no pr_loop_dims');
    else if (spec.prLoopSizes.length !== prLoopDims.length) {
      issue('pr_loop_sizes', `one size per pr_loop_dims entry (${prLoopDims.length})`, `${spec.prLoopSizes.length} sizes`);
    } else {
      spec.prLoopSizes.forEach((s, i) => {
        if (!isPositiveInt(s)) issue(`pr_loop_sizes[${i}]`, 'a positive integer size', String(s));
        givenPrSizes[prLoopDims[i]] = s;
      });
    }
  }
  if (issues.length > 0) return fail(issues);

  const prLoopSizesGiven = spec.prLoopSizes != null && spec.prLoopSizes.length > 0;
  const prLoopSizes: Record<LoopDim, number> = {};
  for (const r of dimRelations) {
    if (prLoopSizesGiven && r.prDim in givenPrSizes) {
      prLoopSizes[r.prDim] = givenPrSizes[r.prDim];
      continue;
    }
    const full = prDimensionSize(r.coefA, loopSizes[r.dimA], r.coefB, loopSizes[r.dimB]);
    const [lo, hi] = padding[r.prDim] ?? [0, 0];
    const size = full - lo - hi;
    if (size <= 0) {
      issue('padding', `padding of ${r.prDim} smaller than its extent ${full}`, `[${lo}, ${hi}]`);
      continue;
    }
    prLoopSizes[r.prDim] = size;
  }
  if (issues.length > 0) return fail(issues);

  // Relevancy tables (ZigZag's LoopRelevancyInfo).
  const relevancy: Record<LayerOperand, OperandRelevancy> = {};
  const operandSizeElem: Record<LayerOperand, number> = {};
  const operandSizeBits: Record<LayerOperand, number> = {};
  for (const { operand, dims } of parsed.operands) {
    const hasPr = dims.some((d) => d in prOf);
    const inBrackets = new Set(dims);
    let r: LoopDim[];
    let ir: LoopDim[];
    const pr: Record<LoopDim, readonly [LoopDim, LoopDim]> = {};
    if (hasPr) {
      r = dims.filter((d) => !prLoopList.has(d));
      ir = loopDims.filter((d) => !inBrackets.has(d) && !prLoopList.has(d) && loopSizes[d] !== 1);
      for (const rel of dimRelations) pr[rel.prDim] = [rel.dimA, rel.dimB];
    } else {
      r = dims.filter((d) => loopSizes[d] !== 1);
      ir = loopDims.filter((d) => !inBrackets.has(d) && loopSizes[d] !== 1);
    }
    const relevance: Record<LoopDim, Relevance> = {};
    for (const d of loopDims) relevance[d] = inBrackets.has(d) ? 'r' : hasPr && prLoopList.has(d) ? 'pr' : 'ir';
    relevancy[operand] = { dims, r, ir, pr, relevance };

    let elems = 1;
    for (const d of r) elems *= loopSizes[d];
    for (const prDim of Object.keys(pr)) {
      const rel = prOf[prDim];
      const full = prDimensionSize(rel.coefA, loopSizes[rel.dimA], rel.coefB, loopSizes[rel.dimB]);
      elems *= Math.min(prLoopSizes[prDim], full);
    }
    operandSizeElem[operand] = elems;
    operandSizeBits[operand] = Math.trunc(elems * precision[operand]);
  }

  let totalMacs = 1;
  for (const d of loopDims) totalMacs *= loopSizes[d];

  const operandPrecision: Record<LayerOperand, number> = {};
  for (const op of operands) operandPrecision[op] = precision[op];

  const layer: Layer = {
    kind: 'layer',
    id: spec.id,
    name: spec.name,
    operatorType: spec.operatorType,
    type: spec.type ?? spec.operatorType.toLowerCase(),
    equation: spec.equation,
    operands,
    outputOperand: OUTPUT_OPERAND,
    inputOperands,
    loopDims,
    loopSizes,
    dimRelations,
    prLoopSizes,
    prLoopSizesGiven,
    prLoopDims,
    padding,
    operandPrecision,
    finalOutputPrecision: precision[FINAL_OUTPUT_KEY],
    constantOperands,
    operandSource,
    relevancy,
    totalMacs,
    operandSizeElem,
    operandSizeBits,
    ...(spec.onnx ? { onnx: spec.onnx } : {}),
  };
  return ok(layer);
}
