import type { DimRelation, LayerOperand, LoopDim } from './types';

/** One operand occurrence in an equation with its index dimensions (upper-cased), e.g. I -> ['B','C','IY','IX']. */
export interface EquationOperand {
  readonly operand: LayerOperand;
  readonly dims: readonly LoopDim[];
}

export interface ParsedEquation {
  /** Output first, then the inputs in equation order. */
  readonly operands: readonly EquationOperand[];
}

const OPERAND_TERM = /^([A-Za-z]\w*)((?:\[\w*\])*)$/;

/**
 * Parses `O[b][k]+=W[k][c]*I[b][c]` (also `=` instead of `+=`, `+` instead of `*`, empty brackets `W[]`).
 * Returns a reason string when the text is not such an equation. Whitespace is ignored.
 */
export function parseEquation(text: string): ParsedEquation | string {
  const compact = text.replace(/\s+/g, '');
  const eq = compact.indexOf('=');
  if (eq <= 0 || compact.indexOf('=', eq + 1) !== -1) return 'exactly one "=" (or "+=")';
  const lhs = compact.endsWith('+', eq) ? compact.slice(0, eq - 1) : compact.slice(0, eq);
  const rhs = compact.slice(eq + 1);
  const rhsTerms = rhs.split(/[*+]/);
  const terms = [lhs, ...rhsTerms];
  const operands: EquationOperand[] = [];
  for (const term of terms) {
    const m = OPERAND_TERM.exec(term);
    if (!m) return `operand terms like W[k][c]; "${term}" is not one`;
    const dims = m[2] === '' ? [] : m[2].slice(1, -1).split('][').filter((d) => d !== '').map((d) => d.toUpperCase());
    operands.push({ operand: m[1], dims });
  }
  if (operands[0].operand !== 'O') return 'the output operand to be named O';
  if (operands[0].dims.length === 0) return 'the output operand O to have at least one index';
  if (rhsTerms.length !== 2) return 'exactly two input operands on the right-hand side';
  const names = new Set(operands.map((o) => o.operand));
  if (names.size !== operands.length) return 'each operand to appear once';
  return { operands };
}

/** ZigZag's relation syntax `a = c2*b + c3*d` (coefficients optional, default 1). */
const RELATION = /^(\w+)\s*=\s*(?:(\w+)\s*\*\s*)?(\w+)\s*\+\s*(?:(\w+)\s*\*\s*)?(\w+)$/;

export function parseDimRelation(text: string): DimRelation | string {
  const m = RELATION.exec(text.trim());
  if (!m) return 'a relation like "ix=2*ox+1*fx"';
  const coefA = m[2] === undefined ? 1 : Number(m[2]);
  const coefB = m[4] === undefined ? 1 : Number(m[4]);
  if (!Number.isInteger(coefA) || !Number.isInteger(coefB) || coefA <= 0 || coefB <= 0) {
    return 'positive integer coefficients (stride, dilation) in a relation like "ix=2*ox+1*fx"';
  }
  return { prDim: m[1].toUpperCase(), dimA: m[3].toUpperCase(), coefA, dimB: m[5].toUpperCase(), coefB };
}

export function formatDimRelation(r: DimRelation): string {
  return `${r.prDim.toLowerCase()}=${r.coefA}*${r.dimA.toLowerCase()}+${r.coefB}*${r.dimB.toLowerCase()}`;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Number of distinct values of `c = sa*x + sb*y` for x in [0, a), y in [0, b): the extent of a pr dimension
 * (e.g. input width from output width, kernel width, stride and dilation).
 */
export function prDimensionSize(sa: number, a: number, sb: number, b: number): number {
  const [qa, qb] = reducedSteps(sa, sb);
  return prSizeFromSteps(qa, a, qb, b);
}

/** `sa` and `sb` divided by their greatest common divisor (what prDimensionSize depends on). */
export function reducedSteps(sa: number, sb: number): [qa: number, qb: number] {
  const g = gcd(sa, sb);
  return [Math.floor(sa / g), Math.floor(sb / g)];
}

/** prDimensionSize for coefficients already reduced by reducedSteps (the cost model's inner loops reuse them). */
export function prSizeFromSteps(qa: number, a: number, qb: number, b: number): number {
  return a * b - Math.max(0, b - qa) * (a - qb);
}
