/** `stream-studio cost`: runs the cost model on real input files and prints a table or JSON. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/index';
import type { CliIo } from '../../../src/cli/command';
import { costCommand } from '../../../src/cli/commands/cost';
import { ZIGZAG_GOLDEN } from '../../support/reference';
import { TINY_CORE_YAML, TINY_GEMM_YAML, TINY_MAPPING_YAML } from './fixtures';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: join(ZIGZAG_GOLDEN, 'inputs'),
    env: {},
    out: () => out,
    err: () => err,
  };
}

const GEMM = ['--accelerator', 'hardware_gemm_l1.yaml', '--workload', 'workload_gemm_layer.yaml', '--mapping', 'mapping_gemm_l1.yaml'];

describe('stream-studio cost', () => {
  it('prints JSON totals and per-layer results', async () => {
    const io = capture();
    expect(await main(['cost', ...GEMM, '--lpf-limit', '3', '--json'], io, [costCommand])).toBe(0);
    const json = JSON.parse(io.out()) as {
      energy_pj: number;
      latency_cycles: number;
      layers: { id: number; name: string; energy_pj: number; latency_cycles: number; spatial_mapping: unknown; temporal_mapping: unknown; utilization: unknown }[];
    };
    expect(json.energy_pj).toBeWithinRelative(511349.76, 1e-12);
    expect(json.latency_cycles).toBe(8191);
    expect(json.layers).toHaveLength(1);
    expect(json.layers[0]).toMatchObject({ id: 0, energy_pj: json.energy_pj, latency_cycles: 8191 });
    expect(json.layers[0]!.spatial_mapping).toEqual({ D1: { D0: 8 }, D2: { D2: 8 }, D3: { D1: 8 } });
    expect(json.layers[0]!.temporal_mapping).toHaveProperty('O');
    expect(json.layers[0]!.utilization).toHaveProperty('mac');
  });

  it('prints a table with totals', async () => {
    const io = capture();
    expect(await main(['cost', ...GEMM, '--lpf-limit', '3', '--objective', 'energy'], io, [costCommand])).toBe(0);
    expect(io.out()).toMatch(/Total energy:\s+511349\.76 pJ/);
    expect(io.out()).toMatch(/Total latency:\s+8191 cycles/);
  });

  it('rejects missing files and bad options as usage errors', async () => {
    let io = capture();
    expect(await main(['cost', '--workload', 'x.yaml'], io, [costCommand])).toBe(2);
    expect(io.err()).toContain('--accelerator is required');
    io = capture();
    expect(await main(['cost', ...GEMM, '--objective', 'speed'], io, [costCommand])).toBe(2);
    io = capture();
    expect(await main(['cost', ...GEMM, '--lpf-limit', '0'], io, [costCommand])).toBe(2);
    io = capture();
    expect(await main(['cost', ...GEMM, '--temporal-mapping-type', 'odd'], io, [costCommand])).toBe(2);
    expect(io.err()).toContain('--temporal-mapping-type must be uneven or even');
  });

  it('passes --temporal-mapping-type to the search (ResNet-18 conv1 on tesla_npu_like differs)', async () => {
    const TESLA = ['--accelerator', '../../inputs/zigzag/hardware/tesla_npu_like.yaml', '--workload', '../../inputs/zigzag/workload/resnet18.onnx', '--mapping', '../../inputs/zigzag/mapping/tesla_npu_like.yaml', '--json'];
    const conv1 = async (type: string) => {
      const io = capture();
      expect(await main(['cost', ...TESLA, '--temporal-mapping-type', type], io, [costCommand])).toBe(0);
      return (JSON.parse(io.out()) as { layers: { temporal_mapping: unknown }[] }).layers[0]!.temporal_mapping;
    };
    expect(await conv1('even')).not.toEqual(await conv1('uneven'));
  });

  it('reports invalid input files with the file name', async () => {
    const io = capture();
    expect(await main(['cost', '--accelerator', 'missing.yaml', '--workload', 'workload_gemm_layer.yaml', '--mapping', 'mapping_gemm_l1.yaml'], io, [costCommand])).toBe(2);
    expect(io.err()).toContain('missing.yaml');
  });

  it('names the layer, the core and the reason when a layer cannot be mapped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cost-cli-'));
    writeFileSync(join(dir, 'core.yaml'), TINY_CORE_YAML.replace('size: 1000000', 'size: 100'));
    writeFileSync(join(dir, 'gemm.yaml'), TINY_GEMM_YAML);
    writeFileSync(join(dir, 'mapping.yaml'), TINY_MAPPING_YAML);
    const io = { ...capture(), cwd: dir };
    let err = '';
    io.stderr = { write: (s: string) => (err += s) };
    expect(await main(['cost', '--accelerator', 'core.yaml', '--workload', 'gemm.yaml', '--mapping', 'mapping.yaml'], io, [costCommand])).toBe(1);
    expect(err).toMatch(/layer "tiny_gemm" cannot be mapped on core "tiny": operand/);
  });
});
