/** The real engine behind the services: importers, exporters and validators of src/engine. */
import { type Accelerator as EngineAccelerator, type CoreSource, exportAcceleratorYaml, fail, InputError, isLayer, ok, parseAcceleratorYaml, parseMappingYaml, parseOnnxWorkload, parseStreamOptions, parseWorkloadYaml, type Result, validateAccelerator, type Workload } from '../../engine';
import type { Accelerator, LayerSummary, SourceFile } from '../../shared/api-types';
import type { EngineBridge } from './engine-bridge';

function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * Core references resolved among uploaded files: relative to the accelerator file first, then by the tail of
 * the path, then by file name anywhere among the files (the reference searches hardware folders by name).
 */
export function memoryCoreSource(main: string, files: readonly SourceFile[]): CoreSource {
  const byPath = new Map(files.map((f) => [normalisePath(f.path), f]));
  const mainDir = normalisePath(main).split('/').slice(0, -1).join('/');
  return (ref, field) => {
    const candidates = /\.ya?ml$/.test(ref) ? [ref] : [`${ref}.yaml`, `${ref}.yml`];
    for (const candidate of candidates) {
      const direct = byPath.get(normalisePath(mainDir ? `${mainDir}/${candidate}` : candidate)) ?? byPath.get(normalisePath(candidate));
      if (direct) return ok({ text: direct.text, file: direct.path });
      const tail = normalisePath(candidate);
      const byTail = files.find((f) => normalisePath(f.path).endsWith(`/${tail}`));
      if (byTail) return ok({ text: byTail.text, file: byTail.path });
      const name = tail.split('/').pop()!;
      const byName = files.find((f) => normalisePath(f.path).split('/').pop() === name);
      if (byName) return ok({ text: byName.text, file: byName.path });
    }
    return fail([{ file: main, field, expected: 'a core YAML file among the imported files', found: JSON.stringify(ref) }]);
  };
}

/** Layers and edges of a workload as the API shows them. */
export function summarizeWorkload(workload: Workload): { layers: LayerSummary[]; edges: { from: number; to: number }[] } {
  const edges = workload.edges.map((e) => ({ from: e.from, to: e.to }));
  const layers = workload.nodes.map((node): LayerSummary => {
    const inputs = [...new Set(workload.edges.filter((e) => e.to === node.id).map((e) => e.from))];
    if (!isLayer(node)) return { id: node.id, name: node.name, type: node.type, loopSizes: {}, macs: 0, weightBits: 0, inputs };
    const weightBits = node.constantOperands.reduce((sum, op) => sum + (node.operandSizeBits[op] ?? 0), 0);
    return { id: node.id, name: node.name, type: node.type, loopSizes: { ...node.loopSizes }, macs: node.totalMacs, weightBits, inputs };
  });
  return { layers, edges };
}

const MALFORMED = 'a complete accelerator document (name, cores with memories and operational array, links, edges, topology)';

export const engineBridge: EngineBridge = {
  importAcceleratorYaml(main, files) {
    const text = files.find((f) => f.path === main)?.text;
    if (text === undefined) return fail([{ file: main, field: '', expected: 'the accelerator file among the imported files' }]);
    return parseAcceleratorYaml(text, main, memoryCoreSource(main, files)) as Result<Accelerator>;
  },
  exportAcceleratorYaml(accelerator, main) {
    let exported: ReturnType<typeof exportAcceleratorYaml>;
    try {
      exported = exportAcceleratorYaml(accelerator as EngineAccelerator);
    } catch (error) {
      return fail([{ file: main, field: '', expected: MALFORMED, found: error instanceof Error ? error.message : String(error) }]);
    }
    if (!exported.ok) return exported;
    const files: SourceFile[] = [{ path: main, text: exported.value.accelerator }];
    for (const core of exported.value.cores) files.push({ path: normalisePath(core.ref), text: core.text });
    return ok({ main, files });
  },
  // The API has checked the document's shape (acceleratorDocumentSchema); the validator checks its meaning.
  validateAccelerator: (accelerator, source) => validateAccelerator(accelerator, source),
  summarizeWorkload(format, bytes, name) {
    const parsed = format === 'onnx' ? parseOnnxWorkload(bytes, name) : parseWorkloadYaml(Buffer.from(bytes).toString('utf8'), name);
    return parsed.ok ? ok(summarizeWorkload(parsed.value)) : parsed;
  },
  checkMapping(yaml, name) {
    const parsed = parseMappingYaml(yaml, name);
    return parsed.ok ? ok({ entryCount: parsed.value.entries.length }) : parsed;
  },
  checkOptions(options) {
    try {
      parseStreamOptions(options);
      return [];
    } catch (error) {
      if (error instanceof InputError) return error.issues;
      throw error;
    }
  },
};
