/** temporal_ordering in the mapping: complete orderings are used as-is, partial ones constrain the LOMA search. */
import { describe, expect, it } from 'vitest';
import { evaluateLayerOnCore } from '../../../src/engine/zigzag';
import { TINY_GEMM_YAML, tinyCore, tinyLayer, tinyMapping } from './fixtures';

const layer = tinyLayer(TINY_GEMM_YAML.replace('[4, 4, 4]', '[16, 16, 16]'));
const mappingWith = (ordering: string) =>
  tinyMapping(`
- name: default
  spatial_mapping:
    D1: ["D1, 4"]
${ordering}
  memory_operand_links: {O: O, W: I2, I: I1}
`).entries[0];

describe('temporal ordering constraints', () => {
  it('searches every ordering of the loop prime factors without constraints', () => {
    const result = evaluateLayerOnCore(layer, tinyCore(), mappingWith(''), { lpfLimit: 4 });
    // D0 16, D1 4 and D2 16 give 8 prime factors, merged to 4 ([D0 4, D0 4, D1 4, D2 16]-like multisets).
    expect(result.temporalMappingsEvaluated).toBeGreaterThan(1);
    const product = result.loopOrdering.reduce((a, [, s]) => a * s, 1);
    expect(product).toBe(16 * 4 * 16);
  });

  it('uses a complete ordering as the only temporal mapping', () => {
    const entry = mappingWith(`  temporal_ordering:
    - [D2, 16]
    - [D1, 4]
    - [D0, 16]`);
    const result = evaluateLayerOnCore(layer, tinyCore(), entry, {});
    expect(result.temporalMappingsEvaluated).toBe(1);
    expect(result.loopOrdering).toEqual([
      ['D2', 16],
      ['D1', 4],
      ['D0', 16],
    ]);
  });

  it('pins dimensions and sizes at positions, counting from the outer end after "*"', () => {
    const entry = mappingWith(`  temporal_ordering:
    - [D2, 4]
    - ["*", "*"]
    - [D0, "*"]`);
    const result = evaluateLayerOnCore(layer, tinyCore(), entry, { lpfLimit: 5 });
    expect(result.loopOrdering[0]).toEqual(['D2', 4]);
    expect(result.loopOrdering[result.loopOrdering.length - 1]![0]).toBe('D0');
    const unconstrained = evaluateLayerOnCore(layer, tinyCore(), mappingWith(''), { lpfLimit: 5 });
    expect(result.temporalMappingsEvaluated).toBeLessThan(unconstrained.temporalMappingsEvaluated);
  });
});
