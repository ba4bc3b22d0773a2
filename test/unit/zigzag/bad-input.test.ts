/** Layers that cannot be mapped get an error naming the layer, the core and the reason. */
import { describe, expect, it } from 'vitest';
import { evaluateLayerOnCore, LayerMappingError } from '../../../src/engine/zigzag';
import { zigzagCore } from '../../support/zigzag-inputs';
import { TINY_CORE_YAML, TINY_GEMM_YAML, TINY_MAPPING_YAML, tinyCore, tinyLayer, tinyMapping } from './fixtures';

function mappingError(run: () => unknown): LayerMappingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LayerMappingError);
    return error as LayerMappingError;
  }
  throw new Error('expected a LayerMappingError');
}

describe('layers that cannot be mapped', () => {
  it('an operand larger than every memory level holding it', () => {
    const core = tinyCore(TINY_CORE_YAML.replace('size: 1000000', 'size: 100'));
    const error = mappingError(() => evaluateLayerOnCore(tinyLayer(), core, tinyMapping().entries[0], {}));
    expect(error.layerName).toBe('tiny_gemm');
    expect(error.coreName).toBe('tiny');
    expect(error.message).toMatch(/tiny_gemm.*tiny.*operand .* larger than its top memory gb/);
  });

  it('a missing memory operand link', () => {
    const entry = tinyMapping().entries[0]!;
    const withoutI = { ...entry, memoryOperandLinks: { O: 'O', W: 'I2' } } as unknown as typeof entry;
    const error = mappingError(() => evaluateLayerOnCore(tinyLayer(), tinyCore(), withoutI, {}));
    expect(error.message).toMatch(/tiny_gemm.*tiny/);
    expect(error.reason).toBe('the mapping has no memory operand link for layer operand I');
  });

  it('a zero-size operational array', () => {
    const core = tinyCore(TINY_CORE_YAML.replace('sizes: [4]', 'sizes: [0]'));
    const error = mappingError(() => evaluateLayerOnCore(tinyLayer(), core, tinyMapping().entries[0], {}));
    expect(error.reason).toMatch(/zero-size/);
  });

  it('a hierarchy whose top levels cannot hold the whole layer for any ordering', () => {
    // The buffer holds each operand alone (128 b) but not all three (384 b) at once.
    const core = tinyCore(TINY_CORE_YAML.replace('size: 1000000', 'size: 300'));
    const error = mappingError(() => evaluateLayerOnCore(tinyLayer(), core, tinyMapping().entries[0], {}));
    expect(error.message).toMatch(/tiny_gemm.*tiny/);
  });

  it('an aborted search', () => {
    const controller = new AbortController();
    controller.abort();
    const layer = tinyLayer(TINY_GEMM_YAML.replace('[4, 4, 4]', '[64, 64, 64]'));
    const mapping = tinyMapping(TINY_MAPPING_YAML.replace(/ {2}temporal_ordering:\n( {4}- .*\n)+/, ''));
    expect(() => evaluateLayerOnCore(layer, tinyCore(), mapping.entries[0], {}, { signal: controller.signal })).toThrow();
  });
});

describe('in-memory-computing hardware', () => {
  it('an IMC array is costed with its macro model (bit-serial cycles, periphery energy)', () => {
    const core = zigzagCore('aimc');
    const result = evaluateLayerOnCore(tinyLayer(), core, tinyMapping().entries[0], {});
    expect(result.imc?.cyclesPerMac).toBe(4);
    expect(result.idealTemporalCycle % 4).toBe(0);
    expect(result.macEnergy).toBeGreaterThan(0);
  });
});
