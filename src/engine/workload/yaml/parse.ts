import { parseDocument } from 'yaml';
import type { InputIssue, Result } from '../../errors';
import { describeValue, fail, ok } from '../../errors';
import { parseSimpleYaml } from '../../simple-yaml';
import { workloadNameFromFile } from '../file-name';
import { assembleWorkload } from '../graph';
import { buildLayer } from '../layer';
import type { LayerSpec } from '../layer';
import type { Workload, WorkloadNode } from '../types';

const KNOWN_FIELDS = new Set([
  'id', 'name', 'operator_type', 'equation', 'dimension_relations', 'loop_dims', 'loop_sizes',
  'operand_precision', 'operand_source', 'pr_loop_dims', 'pr_loop_sizes', 'padding',
]);

/** Reads one layer mapping into a spec, reporting every mistyped field. */
function readLayerEntry(entry: unknown, field: string, file: string, issues: InputIssue[]): LayerSpec | null {
  const start = issues.length;
  const issue = (f: string, expected: string, value: unknown): void => {
    issues.push({ file, field: `${field}.${f}`, expected, found: describeValue(value) });
  };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    issues.push({ file, field, expected: 'a layer mapping (id, operator_type, equation, loop_dims, ...)', found: describeValue(entry) });
    return null;
  }
  const e = entry as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!KNOWN_FIELDS.has(key)) issue(key, `a known layer field (${[...KNOWN_FIELDS].join(', ')})`, key);
  }
  const int = (key: string, required: boolean): number | undefined => {
    const v = e[key];
    if (v === undefined || v === null) {
      if (required) issue(key, 'an integer', v);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) issue(key, 'an integer', v);
    return v as number;
  };
  const str = (key: string, required: boolean): string | undefined => {
    const v = e[key];
    if (v === undefined || v === null) {
      if (required) issue(key, 'a string', v);
      return undefined;
    }
    if (typeof v !== 'string') {
      issue(key, 'a string', v);
      return undefined;
    }
    return v;
  };
  const list = <T>(key: string, required: boolean, item: (x: unknown) => x is T, what: string, one: string): T[] | null => {
    const v = e[key];
    if (v === undefined || v === null) {
      if (required) issue(key, `a list of ${what}`, v);
      return null;
    }
    if (!Array.isArray(v)) {
      issue(key, `a list of ${what}`, v);
      return null;
    }
    v.forEach((x, i) => {
      if (!item(x)) issue(`${key}[${i}]`, one, x);
    });
    return v as T[];
  };
  const dict = (key: string, required: boolean): Record<string, number> | null => {
    const v = e[key];
    if (v === undefined || v === null) {
      if (required) issue(key, 'a mapping of operand to integer', v);
      return null;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      issue(key, 'a mapping of operand to integer', v);
      return null;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x !== 'number' || !Number.isInteger(x)) issue(`${key}.${k}`, 'an integer', x);
    }
    return v as Record<string, number>;
  };
  const isStr = (x: unknown): x is string => typeof x === 'string';
  const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
  const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every(isInt);

  const id = int('id', true);
  const name = str('name', false);
  const operatorType = str('operator_type', true);
  const equation = str('equation', true);
  const dimensionRelations = list('dimension_relations', false, isStr, 'relation strings', 'a relation string like "ix=2*ox+1*fx"');
  const loopDims = list('loop_dims', true, isStr, 'dimension names', 'a dimension name');
  const loopSizes = list('loop_sizes', true, isInt, 'integers', 'an integer size');
  const operandPrecision = dict('operand_precision', true);
  const operandSource = dict('operand_source', false);
  const prLoopDims = list('pr_loop_dims', false, isStr, 'dimension names', 'a dimension name');
  const prLoopSizes = list('pr_loop_sizes', false, isInt, 'integers', 'an integer size');
  const padding = list('padding', false, isPair, 'pairs of integers [begin, end]', 'a pair of integers [begin, end]');
  if (issues.length > start || id === undefined || operatorType === undefined || equation === undefined) return null;
  return {
    id,
    name: name ?? `Layer${id}`,
    operatorType,
    equation,
    dimensionRelations: dimensionRelations ?? [],
    loopDims: loopDims ?? [],
    loopSizes: loopSizes ?? [],
    operandPrecision: operandPrecision ?? {},
    operandSource: operandSource ?? {},
    prLoopDims,
    prLoopSizes,
    padding,
  };
}

/** The document's value: YAML 1.2, a repeated key is an error. */
function readYaml(text: string, fileName: string): Result<unknown> {
  const simple = parseSimpleYaml(text, { version: '1.2', uniqueKeys: true });
  if (simple) return ok(simple.value);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return fail(doc.errors.slice(0, 5).map((err) => {
      const line = err.linePos?.[0];
      return {
        file: fileName,
        field: line ? `line ${line.line}, column ${line.col}` : '',
        expected: 'valid YAML',
        found: err.message.split('\n')[0],
      };
    }));
  }
  try {
    return ok(doc.toJS({ maxAliasCount: 1000 }));
  } catch (e) {
    // Unresolved or excessive aliases are only detected while building the values.
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return fail([{ file: fileName, field: '', expected: 'valid YAML (every alias names an earlier anchor)', found: reason }]);
  }
}

/**
 * Parses a ZigZag YAML workload (a list of layers, ZigZag 3.8.0 semantics) into a `Workload`.
 * `fileName` is only used for error messages and the workload name.
 */
export function parseWorkloadYaml(text: string, fileName: string): Result<Workload> {
  const read = readYaml(text, fileName);
  if (!read.ok) return read;
  const data = read.value;
  if (!Array.isArray(data) || data.length === 0) {
    const found = data === null || data === undefined ? 'an empty document' : describeValue(data);
    return fail([{ file: fileName, field: '', expected: 'a non-empty list of layers', found }]);
  }
  const issues: InputIssue[] = [];
  const nodes: WorkloadNode[] = [];
  data.forEach((entry, i) => {
    const spec = readLayerEntry(entry, `[${i}]`, fileName, issues);
    if (!spec) return;
    const layer = buildLayer(spec, { file: fileName, field: `[${i}]` });
    if (layer.ok) nodes.push(layer.value);
    else issues.push(...layer.issues);
  });
  if (issues.length > 0) return fail(issues);
  return assembleWorkload({
    name: workloadNameFromFile(fileName),
    origin: 'yaml',
    flavour: 'zigzag',
    nodes,
    warnings: [],
    file: fileName,
    fieldOf: (i) => `[${i}]`,
  });
}
