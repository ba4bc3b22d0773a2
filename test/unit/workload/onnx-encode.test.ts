import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOnnx } from '../../../src/engine/workload/onnx/decode';
import { parseOnnxWorkload } from '../../../src/engine/workload/onnx/convert';
import { readOnnxModel } from '../../../src/engine/workload/onnx/read';
import { encodeOnnxModel } from '../../../src/engine/workload/onnx/write';
import { onnxModelFromGraph } from '../../fixtures/onnx/from-graph';
import type { OnnxModel } from '../../../src/engine/workload/onnx/model';
import { findFiles } from './helpers';
import { INPUTS } from '../../support/reference';
import { expectOk } from '../../support/result';

const ONNX_FILES = findFiles(INPUTS, '.onnx');

describe('encodeOnnxModel: round trip of every reference ONNX file', () => {
  it('finds the reference ONNX files', () => {
    expect(ONNX_FILES.length).toBeGreaterThanOrEqual(10);
  });

  for (const path of ONNX_FILES) {
    const label = path.slice(INPUTS.length);
    it(`${label}: read → encode → read is the same document, and encoding is stable`, () => {
      const bytes = readFileSync(path);
      const model = expectOk(readOnnxModel(bytes, label));
      const encoded = encodeOnnxModel(model);
      expect(expectOk(readOnnxModel(encoded, label))).toEqual(model);
      expect(encodeOnnxModel(expectOk(readOnnxModel(encoded, label)))).toEqual(encoded);
    });

    it(`${label}: the importer sees the same graph and the same workload in the re-encoded bytes`, () => {
      const bytes = readFileSync(path);
      const encoded = encodeOnnxModel(expectOk(readOnnxModel(bytes, label)));
      expect(expectOk(decodeOnnx(encoded, label))).toEqual(expectOk(decodeOnnx(bytes, label)));
      const name = basename(path);
      for (const flavour of ['stream', 'zigzag'] as const) {
        const original = parseOnnxWorkload(bytes, name, { flavour });
        const again = parseOnnxWorkload(encoded, name, { flavour });
        expect(again).toEqual(original);
      }
    });

    it(`${label}: decodeOnnx → onnxModelFromGraph → encode → decodeOnnx gives the same graph`, () => {
      const graph = expectOk(decodeOnnx(readFileSync(path), label));
      const encoded = encodeOnnxModel(onnxModelFromGraph(graph));
      expect(expectOk(decodeOnnx(encoded, label))).toEqual(graph);
      expect(parseOnnxWorkload(encoded, basename(path))).toEqual(parseOnnxWorkload(readFileSync(path), basename(path)));
    });
  }
});

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const doc = { docString: '', refAttrName: '' };

/** A model using every kind of field the document view keeps. */
function everyFieldModel(): OnnxModel {
  const weights = new Uint8Array(new Float32Array([1.5, -2, 3.25, 4, 5, 6]).buffer);
  return {
    irVersion: 9,
    opsetImport: [{ domain: '', version: 17 }, { domain: 'com.example', version: 1 }],
    producerName: 'test',
    producerVersion: '1.0',
    domain: 'org.example',
    modelVersion: 3,
    docString: 'a model',
    metadataProps: [{ key: 'author', value: 'h7' }],
    graph: {
      name: 'g',
      docString: 'a graph',
      nodes: [
        {
          name: 'slice', opType: 'Slice', domain: '', docString: 'cuts', inputs: ['x', 'starts', 'ends'], outputs: ['y'],
          attributes: [],
        },
        {
          name: 'act', opType: 'LeakyRelu', domain: '', docString: '', inputs: ['y'], outputs: ['z'],
          attributes: [
            { ...doc, name: 'alpha', type: 'float', value: 1 },
            { ...doc, name: 'big', type: 'int', value: 9223372036854775807n },
            { ...doc, name: 'neg', type: 'ints', value: [-1, -9223372036854775808n, 7] },
            { ...doc, name: 'mode', type: 'string', value: utf8('constant') },
            { ...doc, name: 'names', type: 'strings', value: [utf8('a'), utf8('b')] },
            { ...doc, name: 'scales', type: 'floats', value: [0.5, 2] },
            { name: 'ref', docString: 'from the function', refAttrName: 'outer', type: 'int', value: 0 },
          ],
        },
        {
          name: 'branch', opType: 'If', domain: '', docString: '', inputs: ['cond'], outputs: ['w'],
          attributes: [
            {
              ...doc, name: 'then_branch', type: 'graph',
              value: {
                name: 'then', docString: '', initializers: [], inputs: [], valueInfo: [],
                nodes: [{ name: 'c', opType: 'Constant', domain: '', docString: '', inputs: [], outputs: ['w'], attributes: [
                  { ...doc, name: 'value', type: 'tensor', value: { name: '', dims: [2], dataType: 7, docString: '', data: { kind: 'typed', field: 'int64Data', values: [1, 2n ** 62n] } } },
                ] }],
                outputs: [{ name: 'w', docString: '', tensorType: { elemType: 7, shape: [2] } }],
              },
            },
            { ...doc, name: 'tensors', type: 'tensors', value: [{ name: 't', dims: [], dataType: 11, docString: '', data: { kind: 'typed', field: 'doubleData', values: [0.1] } }] },
          ],
        },
      ],
      initializers: [
        { name: 'weights', dims: [2, 3], dataType: 1, docString: 'w', data: { kind: 'raw', bytes: weights } },
        { name: 'starts', dims: [1], dataType: 7, docString: '', data: { kind: 'typed', field: 'int64Data', values: [0] } },
        { name: 'ends', dims: [1], dataType: 7, docString: '', data: { kind: 'typed', field: 'int64Data', values: [9223372036854775807n] } },
        { name: 'u', dims: [1], dataType: 13, docString: '', data: { kind: 'typed', field: 'uint64Data', values: [18446744073709551615n] } },
        { name: 'labels', dims: [2], dataType: 8, docString: '', data: { kind: 'strings', values: [utf8('cat'), utf8('dog')] } },
        { name: 'far', dims: [4, 4], dataType: 1, docString: '', data: { kind: 'external', entries: [{ key: 'location', value: 'w.bin' }, { key: 'offset', value: '64' }] } },
        { name: 'halves', dims: [2], dataType: 10, docString: '', data: { kind: 'typed', field: 'int32Data', values: [15360, 16384] } },
        { name: 'empty', dims: [0], dataType: 1, docString: '', data: { kind: 'none' } },
      ],
      inputs: [
        { name: 'x', docString: 'input', tensorType: { elemType: 1, shape: ['batch', 3, null] } },
        { name: 'cond', docString: '', tensorType: { elemType: 9, shape: [] } },
        { name: 'opaque', docString: '', tensorType: null },
      ],
      outputs: [{ name: 'z', docString: '', tensorType: { elemType: 1, shape: null } }],
      valueInfo: [{ name: 'y', docString: '', tensorType: { elemType: 1, shape: ['batch', 3, 4] } }],
    },
  };
}

describe('encodeOnnxModel: every field of the document view', () => {
  it('survives encode → read unchanged (int64 extremes as bigints, float attributes stay floats)', () => {
    const model = everyFieldModel();
    const back = expectOk(readOnnxModel(encodeOnnxModel(model), 'every.onnx'));
    expect(back).toEqual(model);
    const alpha = back.graph.nodes[1].attributes[0];
    expect(alpha.type).toBe('float');
  });

  it('writes a standard ModelProto the importer reads (int64 ends, external tensors without values)', () => {
    const graph = expectOk(decodeOnnx(encodeOnnxModel(everyFieldModel()), 'every.onnx'));
    expect(graph.initializers.get('weights')?.values).toEqual([1.5, -2, 3.25, 4, 5, 6]);
    expect(graph.initializers.get('far')?.values).toBeNull();
    expect(graph.initializers.get('ends')?.values).toEqual([2 ** 63]);
    expect(graph.nodes[1].attributes.get('alpha')).toBe(1);
    expect(graph.inputs[0].shape).toEqual([null, 3, null]);
  });

  it('reports undecodable bytes as an input issue naming the file', () => {
    const r = readOnnxModel(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'broken.onnx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ file: 'broken.onnx', expected: expect.stringContaining('ONNX') });
  });
});
