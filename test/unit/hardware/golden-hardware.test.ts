import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadCoreFile } from '../../../src/engine/hardware/io';
import type { DataDirection, MemoryOperand } from '../../../src/engine/hardware/types';
import { ref } from './reference-files';

/**
 * The golden dumps were produced by ZigZag from the newer-format equivalents of inputs/zigzag/hardware/*.
 * Reading the legacy (3.8.0) files must give the same hierarchy and the same port functions.
 */
interface GoldenLayer {
  mem_levels_per_operand: Record<string, string[]>;
  mem_level_names: string[];
  port_activity: Record<string, { served: [string, number, string] }[]>[];
  layer: { memory_operand_links: Record<string, MemoryOperand> };
}

const DIRECTION: Record<string, DataDirection> = { rd_out_to_low: 'tl', wr_in_by_low: 'fl', rd_out_to_high: 'th', wr_in_by_high: 'fh' };

const cases = [
  ['tpu_like__resnet18_yaml.json', 'inputs/zigzag/hardware/tpu_like.yaml'],
  ['meta_prototype__resnet18_onnx.json', 'inputs/zigzag/hardware/meta_prototype.yaml'],
] as const;

describe('legacy hardware files agree with the golden ZigZag dumps', () => {
  for (const [dump, hardware] of cases) {
    it(hardware, () => {
      const golden = JSON.parse(readFileSync(ref(`zigzag-golden/${dump}`), 'utf8')) as { layers: GoldenLayer[] };
      const core = unwrap(loadCoreFile(ref(hardware)));
      for (const layer of golden.layers) {
        const links = layer.layer.memory_operand_links;
        for (const [layerOp, names] of Object.entries(layer.mem_levels_per_operand)) {
          expect(core.hierarchy[links[layerOp]!].map((l) => l.instance.name)).toEqual(names);
        }
        layer.mem_level_names.forEach((name, i) => {
          const level = core.memories.find((l) => l.instance.name === name)!;
          const activity = layer.port_activity[i]!;
          expect(level.instance.ports.map((p) => p.name).sort()).toEqual(Object.keys(activity).sort());
          for (const [portName, uses] of Object.entries(activity)) {
            const port = level.instance.ports.find((p) => p.name === portName)!;
            for (const { served } of uses) {
              const operand = links[served[0]]!;
              expect(level.levelOfOperand[operand]).toBe(served[1]);
              expect(port.allocation).toContainEqual({ operand, direction: DIRECTION[served[2]] });
            }
          }
        });
      }
    });
  }
});
