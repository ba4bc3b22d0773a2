import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import type { Mapping } from '../../../src/engine/mapping/types';
import { isLayer } from '../../../src/engine/workload/types';
import type { DependencyNode, Layer, Workload } from '../../../src/engine/workload/types';
import { parseOnnxWorkload } from '../../../src/engine/workload/onnx/convert';
import { readOnnxModel } from '../../../src/engine/workload/onnx/read';
import { encodeOnnxModel } from '../../../src/engine/workload/onnx/write';
import type { OnnxModel, OnnxModelNode, OnnxModelTensor, OnnxTensorData } from '../../../src/engine/workload/onnx/model';
import { kPartition, splitOnnxModelByWeights } from '../../../src/engine/workload/onnx/split';
import { coreWeightCapacityBits, layerWeightCapacity, weightCapacitiesByCore } from '../../../src/engine/stream/weight-capacity';
import type { WeightSplitResult } from '../../../src/engine/workload/onnx/split';
import { findFiles } from './helpers';
import { INPUTS } from '../../support/reference';
import { expectOk } from '../../support/result';

const EXAMPLES = join(INPUTS, 'stream', 'examples');
const RESNET18 = join(EXAMPLES, 'workload', 'resnet18.onnx');

const layers = (w: Workload): Layer[] => w.nodes.filter(isLayer);
const macs = (w: Workload): number => w.nodes.reduce((a, n) => a + n.totalMacs, 0);
const byName = (w: Workload, name: string) => w.nodes.find((n) => n.name === name);

describe('kPartition', () => {
  it('keeps a layer whole when its weights fit', () => {
    expect(kPartition(64, 1000, 1000)).toBeNull();
    expect(kPartition(1, 5000, 1000)).toBeNull();
  });

  it('balanced: the fewest parts whose largest slice fits, K spread evenly', () => {
    // 512 channels of 36864 bits; half of a 2 MB memory.
    expect(kPartition(512, 18874368, 8388608)).toEqual([171, 171, 170]);
    expect(kPartition(512, 18874368, 16777216)).toEqual([256, 256]);
    // ⌈3000/1000⌉ = 3 parts of ⌈10/3⌉ = 4 channels do not fit (1200 bits): 4 parts of 3, 3, 2, 2.
    expect(kPartition(10, 3000, 1000)).toEqual([3, 3, 2, 2]);
  });

  it('divisor (the reference): the part count grows until it divides K', () => {
    expect(kPartition(512, 18874368, 8388608, 'divisor')).toEqual([128, 128, 128, 128]);
    expect(kPartition(10, 3000, 1000, 'divisor')).toEqual([2, 2, 2, 2, 2]);
  });

  it('never makes more parts than channels, even when one channel does not fit', () => {
    expect(kPartition(4, 4000, 500)).toEqual([1, 1, 1, 1]);
    expect(kPartition(7, 7000, 500, 'divisor')).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('weight capacities from the hardware (tpu_like_quad_core)', () => {
  let acc: Accelerator;
  let mapping: Mapping;
  beforeAll(() => {
    acc = expectOk(loadAcceleratorFile(join(EXAMPLES, 'hardware', 'tpu_like_quad_core.yaml')));
    mapping = expectOk(loadMappingFile(join(EXAMPLES, 'mapping', 'tpu_like_quad_core.yaml')));
  });

  it('takes the top memory level holding I2 of every on-chip compute core, never the off-chip core', () => {
    const caps = weightCapacitiesByCore(acc);
    expect([...caps.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    for (const id of [0, 1, 2, 3]) expect(caps.get(id)).toBe(2 * 1024 * 1024 * 8);
    for (const id of [4, 5]) expect(caps.get(id)).toBe(128 * 1024 * 8);
    expect(caps.has(acc.offchipCoreId!)).toBe(false);
    // The innermost I2 level of a TPU-like core is a 128 B register file: not the weight memory.
    expect(acc.cores[0].hierarchy.I2[0].instance.sizeBits).toBe(1024);
    expect(coreWeightCapacityBits(acc.cores[0])).toBe(16777216);
  });

  it('uses the smallest capacity among the cores a layer may run on', () => {
    const workload = expectOk(parseOnnxWorkload(readFileSync(RESNET18), 'resnet18.onnx'));
    const conv = layers(workload).find((l) => l.operatorType === 'Conv')!;
    const pool = layers(workload).find((l) => l.operatorType === 'MaxPool')!;
    const withMapping = layerWeightCapacity(acc, mapping);
    expect(withMapping(conv)).toBe(16777216); // cores 0-3
    expect(withMapping(pool)).toBe(1048576); // core 4
    // Without a mapping a layer may run anywhere: the pooling and SIMD cores' 128 KB bound it.
    expect(layerWeightCapacity(acc)(conv)).toBe(1048576);
  });
});

describe('splitOnnxModelByWeights: ResNet-18 on tpu_like_quad_core', () => {
  let acc: Accelerator;
  let mapping: Mapping;
  let original: Workload;
  const bytes = readFileSync(RESNET18);
  beforeAll(() => {
    acc = expectOk(loadAcceleratorFile(join(EXAMPLES, 'hardware', 'tpu_like_quad_core.yaml')));
    mapping = expectOk(loadMappingFile(join(EXAMPLES, 'mapping', 'tpu_like_quad_core.yaml')));
    original = expectOk(parseOnnxWorkload(bytes, 'resnet18.onnx'));
  });

  const cases = [
    { doubleBuffered: false, partition: 'balanced', expected: { '/layer4/layer4.0/conv2/Conv': 2, '/layer4/layer4.1/conv1/Conv': 2, '/layer4/layer4.1/conv2/Conv': 2 } },
    {
      doubleBuffered: true, partition: 'balanced',
      expected: { '/layer4/layer4.0/conv1/Conv': 2, '/layer4/layer4.0/conv2/Conv': 3, '/layer4/layer4.1/conv1/Conv': 3, '/layer4/layer4.1/conv2/Conv': 3 },
    },
    {
      doubleBuffered: true, partition: 'divisor',
      expected: { '/layer4/layer4.0/conv1/Conv': 2, '/layer4/layer4.0/conv2/Conv': 4, '/layer4/layer4.1/conv1/Conv': 4, '/layer4/layer4.1/conv2/Conv': 4 },
    },
  ] as const;

  for (const c of cases) {
    describe(`double-buffered ${c.doubleBuffered}, ${c.partition}`, () => {
      let result: WeightSplitResult;
      let split: Workload;
      let capacity: (l: Layer) => number;
      beforeAll(() => {
        capacity = layerWeightCapacity(acc, mapping);
        result = expectOk(splitOnnxModelByWeights(bytes, 'resnet18.onnx', { weightCapacityBits: capacity, doubleBuffered: c.doubleBuffered, partition: c.partition }));
        split = expectOk(parseOnnxWorkload(result.bytes, 'resnet18-split.onnx'));
      });

      it('splits exactly the layers whose weights exceed the (halved) capacity', () => {
        expect(Object.fromEntries(result.splits.map((s) => [s.node, s.parts]))).toEqual(c.expected);
        expect(result.warnings).toEqual([]);
        const factor = c.doubleBuffered ? 0.5 : 1;
        for (const l of layers(original)) {
          const tooBig = ['Conv', 'Gemm'].includes(l.operatorType) && l.operandSizeBits.W > capacity(l) * factor;
          expect(result.splits.some((s) => s.node === l.name), l.name).toBe(tooBig);
        }
      });

      it('re-imports with parts whose K sums to the original K and whose weights fit', () => {
        for (const s of result.splits) {
          const orig = byName(original, s.node) as Layer;
          expect(byName(split, s.node)).toBeUndefined();
          expect(s.kPerPart.reduce((a, b) => a + b, 0)).toBe(orig.loopSizes.K);
          expect(s.partNodes).toEqual(s.kPerPart.map((_, i) => `${s.node}_split${i}`));
          const parts = s.partNodes.map((n) => byName(split, n) as Layer);
          parts.forEach((p, i) => {
            expect(p.kind).toBe('layer');
            expect(p.loopSizes.K).toBe(s.kPerPart[i]);
            expect(p.operandSizeBits.W).toBe(s.partWeightBits[i]);
            expect(p.operandSizeBits.W).toBeLessThanOrEqual(s.capacityBits);
            expect({ ...p.loopSizes, K: orig.loopSizes.K }).toEqual(orig.loopSizes);
          });
          expect(parts.reduce((a, p) => a + p.totalMacs, 0)).toBe(orig.totalMacs);
        }
      });

      it('conserves the total MAC count and every unsplit layer', () => {
        expect(macs(split)).toBe(macs(original));
        const splitNames = new Set(result.splits.map((s) => s.node));
        for (const l of layers(original).filter((x) => !splitNames.has(x.name))) {
          const again = byName(split, l.name) as Layer;
          expect(again.loopSizes).toEqual(l.loopSizes);
          expect(again.operandSizeBits).toEqual(l.operandSizeBits);
        }
        const extra = result.splits.reduce((a, s) => a + s.parts, 0);
        expect(split.nodes.length).toBe(original.nodes.length + extra);
      });

      it('feeds every part from the original producers and every consumer from all parts through the Concat', () => {
        const nameOf = (w: Workload, id: number): string => w.nodes.find((n) => n.id === id)!.name;
        for (const s of result.splits) {
          const orig = byName(original, s.node) as Layer;
          const concat = byName(split, s.concatNode) as DependencyNode;
          expect(concat.kind).toBe('propagation');
          expect(concat.operatorType).toBe('Concat');
          expect(concat.attributes.axis).toBe(1);
          expect(concat.sources.map((id) => nameOf(split, id))).toEqual(s.partNodes);
          expect(concat.outputShape).toEqual(orig.onnx?.outputShapes[0]);
          const producers = original.edges.filter((e) => e.to === orig.id).map((e) => `${nameOf(original, e.from)}:${e.operand}`);
          for (const part of s.partNodes) {
            const id = byName(split, part)!.id;
            expect(split.edges.filter((e) => e.to === id).map((e) => `${nameOf(split, e.from)}:${e.operand}`)).toEqual(producers);
            expect(split.edges.filter((e) => e.from === id).map((e) => e.to)).toEqual([concat.id]);
          }
          const consumers = original.edges.filter((e) => e.from === orig.id).map((e) => `${nameOf(original, e.to)}:${e.operand}`);
          expect(consumers.length).toBeGreaterThan(0);
          expect(split.edges.filter((e) => e.from === concat.id).map((e) => `${nameOf(split, e.to)}:${e.operand}`)).toEqual(consumers);
        }
      });

      it('slices the external weight data into contiguous ranges of the same file', () => {
        const inits = new Map(result.model.graph.initializers.map((t) => [t.name, t]));
        for (const s of result.splits) {
          const node = result.model.graph.nodes.find((n) => n.name === s.partNodes[0])!;
          const w = inits.get(node.inputs[1])!;
          expect(w.name).toMatch(/_split0$/);
          expect(w.data.kind).toBe('external');
          const entry = (t: OnnxModelTensor, key: string): number => Number((t.data as Extract<OnnxTensorData, { kind: 'external' }>).entries.find((e) => e.key === key)?.value);
          const parts = s.partNodes.map((p) => inits.get(result.model.graph.nodes.find((n) => n.name === p)!.inputs[1])!);
          parts.forEach((p, i) => {
            expect(entry(p, 'length')).toBe(p.dims.reduce((a, b) => a * b, 1) * 4);
            if (i > 0) expect(entry(p, 'offset')).toBe(entry(parts[i - 1], 'offset') + entry(parts[i - 1], 'length'));
          });
        }
      });
    });
  }

  it('leaves the model untouched when everything fits', () => {
    const r = expectOk(splitOnnxModelByWeights(bytes, 'resnet18.onnx', { weightCapacityBits: 64 * 1024 * 1024 }));
    expect(r.splits).toEqual([]);
    expect(r.bytes).toBe(bytes);
  });
});

describe('splitOnnxModelByWeights: every reference ONNX file with a small weight memory', () => {
  for (const path of findFiles(INPUTS, '.onnx')) {
    it(path.slice(INPUTS.length), () => {
      const bytes = readFileSync(path);
      const capacity = 1_000_000;
      const before = expectOk(parseOnnxWorkload(bytes, 'model.onnx'));
      const r = expectOk(splitOnnxModelByWeights(bytes, 'model.onnx', { weightCapacityBits: capacity }));
      const after = expectOk(parseOnnxWorkload(r.bytes, 'model.onnx'));
      expect(macs(after)).toBe(macs(before));
      // Every weighted Conv/Gemm/MatMul now fits, or a warning names it.
      for (const l of layers(after)) {
        if (!['Conv', 'Gemm', 'MatMul'].includes(l.operatorType) || !l.constantOperands.includes('W') || l.operandSizeBits.W <= capacity) continue;
        const output = l.onnx!.outputs[0].replace(/_split\d+$/, '');
        const original = layers(before).find((x) => x.onnx!.outputs[0] === output)!.name;
        expect(r.warnings.some((w) => w.startsWith(`${original} `) || w.startsWith(`${original}:`)), l.name).toBe(true);
      }
    });
  }
});

// ------------------------------------------------------------------------------------------- synthetic model

const f32 = (values: number[]): OnnxTensorData => ({ kind: 'raw', bytes: new Uint8Array(new Float32Array(values).buffer) });
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);
const tensor = (name: string, dims: number[], data: OnnxTensorData, dataType = 1): OnnxModelTensor => ({ name, dims, dataType, docString: '', data });
const node = (name: string, opType: string, inputs: string[], outputs: string[], attributes: OnnxModelNode['attributes'] = []): OnnxModelNode => ({
  name, opType, domain: '', docString: '', inputs, outputs, attributes,
});
const ints = (name: string, value: number[]) => ({ name, docString: '', refAttrName: '', type: 'ints' as const, value });
const int = (name: string, value: number) => ({ name, docString: '', refAttrName: '', type: 'int' as const, value });
const info = (name: string, shape: number[], elemType = 1) => ({ name, docString: '', tensorType: { elemType, shape } });

/** Conv (raw weights, float_data bias) → pool → Gemm (transB 0) → Gemm (transB 1) → MatMul (int64 weights). */
function syntheticModel(options: { valueInfo: boolean; group?: number } = { valueInfo: true }): OnnxModel {
  const group = options.group ?? 1;
  return {
    irVersion: 3, opsetImport: [{ domain: '', version: 13 }], producerName: 'test', producerVersion: '', domain: '', modelVersion: 0, docString: '', metadataProps: [],
    graph: {
      name: 'synthetic', docString: '',
      nodes: [
        node('conv', 'Conv', ['X', 'W', 'B'], ['Y'], [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), int('group', group)]),
        node('pool', 'GlobalAveragePool', ['Y'], ['P']),
        node('flat', 'Flatten', ['P'], ['F']),
        node('fc', 'Gemm', ['F', 'fc.B', 'fc.C'], ['G']),
        node('fcT', 'Gemm', ['G', 'fcT.B', 'fcT.C'], ['H'], [int('transB', 1)]),
        node('mm', 'MatMul', ['H', 'mm.B'], ['out']),
      ],
      initializers: [
        tensor('W', [6, 4 / group, 3, 3], f32(range((6 * 4 * 9) / group))),
        tensor('B', [6], { kind: 'typed', field: 'floatData', values: range(6, 100) }),
        tensor('fc.B', [6, 5], f32(range(30, 200))),
        tensor('fc.C', [5], f32(range(5, 300))),
        tensor('fcT.B', [7, 5], { kind: 'typed', field: 'floatData', values: range(35, 400) }),
        tensor('fcT.C', [1], f32([0.5])),
        tensor('mm.B', [7, 4], { kind: 'typed', field: 'int64Data', values: range(28, 500) }, 7),
      ],
      // IR 3: initializers are graph inputs too.
      inputs: [info('X', [1, 4, 5, 5]), info('W', [6, 4 / group, 3, 3]), info('fc.B', [6, 5])],
      outputs: [info('out', [1, 4])],
      valueInfo: options.valueInfo ? [info('Y', [1, 6, 5, 5]), info('P', [1, 6, 1, 1]), info('F', [1, 6]), info('G', [1, 5]), info('H', [1, 7]), info('Y_split0', [1])] : [],
    },
  };
}

/** Capacities (bits) that split each layer in a known way; W precision is 8 bits. */
const CAPACITY: Record<string, number> = { conv: 600, fc: 100, fcT: 150, mm: 120 };

/** Element values of a tensor as numbers (raw float32 or typed). */
function values(t: OnnxModelTensor): number[] {
  const d = t.data;
  if (d.kind === 'raw') return [...new Float32Array(d.bytes.buffer.slice(d.bytes.byteOffset, d.bytes.byteOffset + d.bytes.byteLength))];
  if (d.kind === 'typed') return d.values.map(Number);
  throw new Error(`no values in ${t.name}`);
}

/** Concatenates the part tensors along `axis` (the inverse of the split). */
function concat(parts: OnnxModelTensor[], axis: number): number[] {
  const outer = parts[0].dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const block = p.dims.slice(axis).reduce((a, b) => a * b, 1);
      out.push(...values(p).slice(o * block, (o + 1) * block));
    }
  }
  return out;
}

describe('splitOnnxModelByWeights: slicing Conv, Gemm and MatMul weights', () => {
  for (const withValueInfo of [true, false]) {
    it(`rewrites each op with sliced weights and biases (value_info in the input: ${withValueInfo})`, () => {
      const model = syntheticModel({ valueInfo: withValueInfo });
      const bytes = encodeOnnxModel(model);
      const originalWorkload = expectOk(parseOnnxWorkload(bytes, 'synthetic.onnx'));
      const r = expectOk(splitOnnxModelByWeights(bytes, 'synthetic.onnx', { weightCapacityBits: (l) => CAPACITY[l.name] }));
      expect(r.warnings).toEqual([]);
      expect(Object.fromEntries(r.splits.map((s) => [s.node, s.kPerPart]))).toEqual({ conv: [2, 2, 2], fc: [2, 2, 1], fcT: [3, 2, 2], mm: [2, 2] });

      const g = r.model.graph;
      const inits = new Map(g.initializers.map((t) => [t.name, t]));
      const parts = (name: string): OnnxModelNode[] => r.splits.find((s) => s.node === name)!.partNodes.map((p) => g.nodes.find((n) => n.name === p)!);
      const weightsOf = (name: string, slot: number): OnnxModelTensor[] => parts(name).map((n) => inits.get(n.inputs[slot])!);
      const original = new Map(model.graph.initializers.map((t) => [t.name, t]));

      expect(concat(weightsOf('conv', 1), 0)).toEqual(values(original.get('W')!));
      expect(concat(weightsOf('conv', 2), 0)).toEqual(values(original.get('B')!));
      expect(weightsOf('conv', 2).map((t) => t.data.kind)).toEqual(['typed', 'typed', 'typed']);
      expect(concat(weightsOf('fc', 1), 1)).toEqual(values(original.get('fc.B')!));
      expect(concat(weightsOf('fc', 2), 0)).toEqual(values(original.get('fc.C')!));
      expect(concat(weightsOf('fcT', 1), 0)).toEqual(values(original.get('fcT.B')!));
      // A bias that broadcasts over K is shared by every part.
      expect(parts('fcT').map((n) => n.inputs[2])).toEqual(['fcT.C', 'fcT.C', 'fcT.C']);
      expect(concat(weightsOf('mm', 1), 1)).toEqual(values(original.get('mm.B')!));
      expect(weightsOf('mm', 1).map((t) => t.dims)).toEqual([[7, 2], [7, 2]]);

      // Replaced initializers are gone (also from the IR-3 graph inputs, where the slices take their place).
      for (const name of ['W', 'B', 'fc.B', 'fc.C', 'fcT.B', 'mm.B']) expect(inits.has(name), name).toBe(false);
      expect(inits.has('fcT.C')).toBe(true);
      expect(g.inputs.map((v) => v.name)).toEqual(['X', 'W_split0', 'W_split1', 'W_split2', 'fc.B_split0', 'fc.B_split1', 'fc.B_split2']);
      expect(g.inputs[1].tensorType?.shape).toEqual([2, 4, 3, 3]);

      // Names: an existing `Y_split0` pushes the first conv part output aside; the Concat takes the old output.
      const convParts = parts('conv');
      expect(convParts.map((n) => n.outputs[0])).toEqual(withValueInfo ? ['Y_split0_1', 'Y_split1', 'Y_split2'] : ['Y_split0', 'Y_split1', 'Y_split2']);
      const convConcat = g.nodes.find((n) => n.name === 'conv_concat')!;
      expect(convConcat.outputs).toEqual(['Y']);
      expect(convConcat.attributes).toEqual([int('axis', 1)]);
      expect(g.valueInfo.find((v) => v.name === convParts[2].outputs[0])?.tensorType).toEqual({ elemType: 1, shape: [1, 2, 5, 5] });
      // The graph output is still produced, now by the MatMul's Concat.
      expect(g.outputs.map((v) => v.name)).toEqual(['out']);
      expect(g.nodes.find((n) => n.outputs[0] === 'out')?.name).toBe('mm_concat');
      expect(g.nodes.map((n) => n.opType).join(',')).toBe(
        'Conv,Conv,Conv,Concat,GlobalAveragePool,Flatten,Gemm,Gemm,Gemm,Concat,Gemm,Gemm,Gemm,Concat,MatMul,MatMul,Concat',
      );

      const w = expectOk(parseOnnxWorkload(r.bytes, 'synthetic-split.onnx'));
      expect(macs(w)).toBe(macs(originalWorkload));
      for (const s of r.splits) {
        s.partNodes.forEach((p, i) => {
          const layer = byName(w, p) as Layer;
          expect(layer.loopSizes.K).toBe(s.kPerPart[i]);
          expect(layer.operandSizeBits.W).toBeLessThanOrEqual(CAPACITY[s.node]);
        });
      }
    });
  }

  it('splits a QLinearConv with per-channel weight scales and zero points, sharing the per-tensor ones', () => {
    const i8 = (xs: number[]): OnnxTensorData => ({ kind: 'raw', bytes: new Uint8Array(new Int8Array(xs).buffer) });
    const model: OnnxModel = {
      ...syntheticModel(),
      graph: {
        name: 'q', docString: '',
        nodes: [node('qconv', 'QLinearConv', ['X', 'xs', 'xz', 'W', 'ws', 'wz', 'ys', 'yz', 'B'], ['Y'], [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])])],
        initializers: [
          tensor('xs', [], f32([0.1])), tensor('xz', [], i8([0]), 3), tensor('ys', [], f32([0.2])), tensor('yz', [], i8([1]), 3),
          tensor('W', [6, 4, 3, 3], i8(range(216).map((x) => (x % 200) - 100)), 3),
          tensor('ws', [6], f32(range(6, 1))), tensor('wz', [6], i8(range(6)), 3),
          tensor('B', [6], { kind: 'typed', field: 'int32Data', values: range(6, -3) }, 6),
        ],
        inputs: [info('X', [1, 4, 5, 5], 3)],
        outputs: [info('Y', [1, 6, 5, 5], 3)],
        valueInfo: [],
      },
    };
    const r = expectOk(splitOnnxModelByWeights(encodeOnnxModel(model), 'q.onnx', { weightCapacityBits: 900 }));
    expect(r.splits.map((s) => [s.node, s.kPerPart])).toEqual([['qconv', [3, 3]]]);
    const parts = r.model.graph.nodes.filter((n) => n.opType === 'QLinearConv');
    expect(parts.map((n) => n.inputs)).toEqual([0, 1].map((i) => ['X', 'xs', 'xz', `W_split${i}`, `ws_split${i}`, `wz_split${i}`, 'ys', 'yz', `B_split${i}`]));
    const inits = new Map(r.model.graph.initializers.map((t) => [t.name, t]));
    const int8 = (t: OnnxModelTensor): number[] => (t.data.kind === 'raw' ? [...new Int8Array(t.data.bytes.slice().buffer)] : []);
    expect(parts.flatMap((n) => int8(inits.get(n.inputs[3])!))).toEqual(int8(model.graph.initializers.find((t) => t.name === 'W')!));
    expect(parts.flatMap((n) => values(inits.get(n.inputs[4])!))).toEqual(range(6, 1));
    expect(parts.flatMap((n) => int8(inits.get(n.inputs[5])!))).toEqual(range(6));
    expect(parts.flatMap((n) => values(inits.get(n.inputs[8])!))).toEqual(range(6, -3));
    expect(r.model.graph.valueInfo.map((v) => v.tensorType)).toEqual([0, 1].map(() => ({ elemType: 3, shape: [1, 3, 5, 5] })));
    const w = expectOk(parseOnnxWorkload(r.bytes, 'q.onnx'));
    expect(layers(w).map((l) => [l.name, l.loopSizes.K])).toEqual([['qconv_split0', 3], ['qconv_split1', 3]]);
  });

  it('does not split grouped convolutions, and says so', () => {
    const bytes = encodeOnnxModel(syntheticModel({ valueInfo: true, group: 2 }));
    const r = expectOk(splitOnnxModelByWeights(bytes, 'grouped.onnx', { weightCapacityBits: (l) => (l.name === 'conv' ? 100 : 1e9) }));
    expect(r.splits).toEqual([]);
    expect(r.bytes).toBe(bytes);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^conv \(Conv\): .*grouped convolutions are not split/);
  });

  it('warns when even one output channel does not fit, and still splits as far as it can', () => {
    const bytes = encodeOnnxModel(syntheticModel());
    const r = expectOk(splitOnnxModelByWeights(bytes, 'tiny.onnx', { weightCapacityBits: (l) => (l.name === 'mm' ? 40 : 1e9) }));
    expect(r.splits.map((s) => [s.node, s.kPerPart])).toEqual([['mm', [1, 1, 1, 1]]]);
    expect(r.warnings).toEqual([expect.stringContaining('mm: even one output channel')]);
  });

  it('halves the capacity when double-buffered', () => {
    const bytes = encodeOnnxModel(syntheticModel());
    const r = expectOk(splitOnnxModelByWeights(bytes, 'db.onnx', { weightCapacityBits: (l) => (l.name === 'mm' ? 240 : 1e9), doubleBuffered: true }));
    expect(r.splits.map((s) => [s.node, s.kPerPart, s.capacityBits])).toEqual([['mm', [2, 2], 120]]);
  });

  it('keeps symbolic dims of the file in the part shapes', () => {
    const model = syntheticModel();
    const symbolic: OnnxModel = {
      ...model,
      graph: {
        ...model.graph,
        inputs: model.graph.inputs.map((v) => (v.name === 'X' ? { ...v, tensorType: { elemType: 1, shape: ['N', 4, 5, 5] } } : v)),
        valueInfo: model.graph.valueInfo.map((v) => (v.name === 'Y' ? { ...v, tensorType: { elemType: 1, shape: ['N', 6, 5, 5] } } : v)),
      },
    };
    const r = expectOk(splitOnnxModelByWeights(encodeOnnxModel(symbolic), 'symbolic.onnx', { weightCapacityBits: (l) => (l.name === 'conv' ? 600 : 1e9) }));
    const parts = r.model.graph.valueInfo.filter((v) => /^Y_split\d/.test(v.name) && v.name !== 'Y_split0');
    expect(parts.map((v) => v.tensorType?.shape)).toEqual([['N', 2, 5, 5], ['N', 2, 5, 5], ['N', 2, 5, 5]]);
  });

  it('returns the document it encoded', () => {
    const r = expectOk(splitOnnxModelByWeights(encodeOnnxModel(syntheticModel()), 's.onnx', { weightCapacityBits: (l) => CAPACITY[l.name] }));
    expect(expectOk(readOnnxModel(r.bytes, 's.onnx'))).toEqual(r.model);
  });

  it('splits in the ZigZag view too, keeping the precision attributes on every part (tutorial 4_convs)', () => {
    const bytes = readFileSync(join(INPUTS, 'stream-tutorial', 'lab1', 'workload', '4_convs.onnx'));
    const before = expectOk(parseOnnxWorkload(bytes, '4_convs.onnx', { flavour: 'zigzag' }));
    const r = expectOk(splitOnnxModelByWeights(bytes, '4_convs.onnx', { flavour: 'zigzag', weightCapacityBits: 2000 }));
    const after = expectOk(parseOnnxWorkload(r.bytes, '4_convs.onnx', { flavour: 'zigzag' }));
    // 8×8×3×3 weights of 8 bits = 4608 bits: three parts of at most 3 channels (1728 bits).
    expect(r.splits.map((s) => [s.node, s.kPerPart])).toEqual(['Layer1', 'Layer2', 'Layer3'].map((n) => [n, [3, 3, 2]]));
    expect(macs(after)).toBe(macs(before));
    for (const s of r.splits) {
      const orig = byName(before, s.node) as Layer;
      for (const p of s.partNodes) expect((byName(after, p) as Layer).operandPrecision).toEqual(orig.operandPrecision);
    }
  });

  it('reports a file that is not an ONNX model as an input issue', () => {
    const r = splitOnnxModelByWeights(new Uint8Array([1, 2, 3]), 'junk.onnx', { weightCapacityBits: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].file).toBe('junk.onnx');
  });
});
