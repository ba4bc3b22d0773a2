import { Document, isScalar, visit } from 'yaml';
import { formatDimRelation } from '../equation';
import type { Layer, Workload } from '../types';
import { FINAL_OUTPUT_KEY } from '../types';

/** One layer in ZigZag's YAML user format (field order as in ZigZag's examples). */
export function layerToYamlEntry(layer: Layer): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: layer.id,
    name: layer.name,
    operator_type: layer.operatorType,
    equation: layer.equation,
    dimension_relations: layer.dimRelations.map(formatDimRelation),
    loop_dims: [...layer.loopDims],
    loop_sizes: layer.loopDims.map((d) => layer.loopSizes[d]),
    operand_precision: {
      ...Object.fromEntries(layer.operands.map((op) => [op, layer.operandPrecision[op]])),
      [FINAL_OUTPUT_KEY]: layer.finalOutputPrecision,
    },
    operand_source: Object.fromEntries(
      layer.inputOperands
        .filter((op) => layer.constantOperands.includes(op) || op in layer.operandSource)
        .map((op) => [op, layer.constantOperands.includes(op) ? layer.id : layer.operandSource[op]]),
    ),
  };
  if (layer.prLoopDims.length > 0) {
    entry.pr_loop_dims = [...layer.prLoopDims];
    if (layer.prLoopSizesGiven) entry.pr_loop_sizes = layer.prLoopDims.map((d) => layer.prLoopSizes[d]);
    if (Object.keys(layer.padding).length > 0) entry.padding = layer.prLoopDims.map((d) => [...(layer.padding[d] ?? [0, 0])]);
  }
  return entry;
}

/**
 * Writes the layers of a workload as a ZigZag YAML workload. Dependency-only nodes have no YAML form: export
 * `withoutDependencyNodes(workload)` to re-point operand sources at the producing layers first.
 */
export function exportWorkloadYaml(workload: Workload): string {
  return workload.nodes
    .filter((n): n is Layer => n.kind === 'layer')
    .map((layer) => {
      const doc = new Document([layerToYamlEntry(layer)]);
      // Lists of scalars in flow style, as in ZigZag's own examples: `loop_sizes: [1, 64, 3]`.
      visit(doc, {
        Seq(_, node) {
          if (node.items.every((item) => isScalar(item))) node.flow = true;
        },
      });
      return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    })
    .join('\n');
}
