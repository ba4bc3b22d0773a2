/**
 * ZigZag 3.8.0's IMC test suite (tests/main/test_imc): ResNet-18 (ONNX and YAML) on the analog and digital
 * IMC cores with default_imc.yaml, through ZigZag's IMC API settings (objective latency, lpf_limit 6, 3 spatial
 * mappings, mixed spatial mappings and inter-layer data locality on). Energy and latency within ±1 %, tclk and
 * area within ±0.1 %, in both compat modes; the ONNX/aimc case through the CLI's JSON output.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command';
import { costCommand } from '../../../src/cli/commands/cost';
import { main } from '../../../src/cli/index';
import { evaluateWorkload } from '../../../src/engine/zigzag';
import { ZIGZAG_INPUTS } from '../../support/reference';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';

const CASES: [hardware: string, workload: string, energy: number, latency: number, tclk: number, area: number][] = [
  ['aimc', 'resnet18.onnx', 4695729577.211851, 5540648, 14.07244, 2.2878123152749223],
  ['aimc', 'resnet18.yaml', 4264976904.6396008, 4907495, 14.07244, 2.2878123152749223],
  ['dimc', 'resnet18.onnx', 4726170712.825855, 6337728, 3.75708, 0.8018113023999999],
  ['dimc', 'resnet18.yaml', 4268285089.3547516, 5789229, 3.75708, 0.8018113023999999],
];

describe('ZigZag 3.8.0 test_imc cases', () => {
  describe.each(['reference', 'default'] as const)('compat %s', (compat) => {
    it.each(CASES)('%s on %s', async (hardware, workload, energy, latency, tclk, area) => {
      const result = evaluateWorkload(await zigzagWorkload(workload), zigzagCore(hardware), zigzagMapping('default_imc'), {
        lpfLimit: 6,
        objective: 'latency',
        nbSpatialMappings: 3,
        enableMixSpatialMapping: true,
        compat,
      });
      expect(result.energyTotal, 'energy').toBeWithinRelative(energy, 0.01);
      expect(result.latencyTotal2, 'latency').toBeWithinRelative(latency, 0.01);
      expect(result.imc!.tclkNs, 'tclk').toBeWithinRelative(tclk, 0.001);
      expect(result.imc!.areaMm2, 'area').toBeWithinRelative(area, 0.001);
      // Only the Conv and Gemm layers run on an IMC array: the YAML's 8 Add and 2 Pooling layers are skipped.
      expect(result.layers).toHaveLength(21);
      expect(result.imc!.skippedLayers).toHaveLength(workload.endsWith('.yaml') ? 10 : 0);
      for (const layer of result.layers) {
        expect(layer.imc?.tclkNs).toBe(result.imc!.tclkNs);
        const periphery = Object.values(layer.imc!.macEnergyBreakdown).reduce((a, b) => a + b, 0);
        expect(periphery, 'MAC energy = periphery sum').toBeWithinRelative(layer.macEnergy, 1e-12);
      }
    });
  });

  it('stream-studio cost --json reports tclk_ns and area_mm2 per layer and in total', async () => {
    let out = '';
    const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined }, cwd: ZIGZAG_INPUTS, env: {} };
    const args = ['cost', '--accelerator', join('hardware', 'dimc.yaml'), '--workload', join('workload', 'resnet18.yaml'), '--mapping', join('mapping', 'default_imc.yaml')];
    expect(await main([...args, '--json'], io, [costCommand])).toBe(0);
    const json = JSON.parse(out) as { energy_pj: number; latency_cycles: number; tclk_ns: number; area_mm2: number; layers: { tclk_ns: number; area_mm2: number; mac_energy_breakdown_pj: Record<string, number> }[] };
    expect(json.energy_pj, 'energy').toBeWithinRelative(4268285089.3547516, 0.01);
    expect(json.latency_cycles, 'latency').toBeWithinRelative(5789229, 0.01);
    expect(json.tclk_ns, 'tclk').toBeWithinRelative(3.75708, 0.001);
    expect(json.area_mm2, 'area').toBeWithinRelative(0.8018113023999999, 0.001);
    expect(json.layers[0]).toMatchObject({ tclk_ns: json.tclk_ns, area_mm2: json.area_mm2 });
    expect(json.layers[0]!.mac_energy_breakdown_pj.adders_regular).toBeGreaterThan(0);
    expect(json.layers[0]!.mac_energy_breakdown_pj.adcs).toBe(0);
  });
});
