import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/cli/commands/run';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { sweepsCommand } from '../../../src/cli/commands/sweeps';
import { integrityCheck, Store } from '../../../src/app/store';
import { saveAcceleratorFile } from '../../../src/engine/hardware/io';
import { exportMappingYaml } from '../../../src/engine/mapping/mapping-export';
import { parseMappingYaml } from '../../../src/engine/mapping';
import { unwrap } from '../../../src/engine/errors';
import { contentHash } from '../../../src/engine/content-hash';
import { reviveAccelerator } from '../../../src/app/pipeline/revive';
import { buildPointInputs } from '../../../src/engine/sweep/point';
import type { SweepDefinition } from '../../../src/engine/sweep/definition';
import type { SweepBase } from '../../../src/app/sweep/protocol';
import { LAB1, cliIo, writeNinePointSweep } from './helpers';

interface PointJson {
  index: number;
  params: Record<string, unknown>;
  status: string;
  run_id: number | null;
  latency_cycles: number | null;
  energy_pj: number | null;
  area_mm2: number | null;
  edp: number | null;
  error?: string;
}

describe('stream-studio sweep (local pool)', () => {
  it('runs a 9-point sweep whose points equal `run` on their modified inputs, with LUT hits and a correct Pareto set', async () => {
    const { dir, file, db } = writeNinePointSweep();
    const io = cliIo(dir);
    const code = await sweepCommand.run([file, '--db', db, '--workers', '2', '--json'], io);
    expect(io.err.join('')).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(io.out.join('')) as { sweep_id: number; points: PointJson[]; pareto: number[]; lut: { hits: number; misses: number } };
    expect(Object.keys(json).sort()).toEqual(['lut', 'pareto', 'points', 'sweep_id']);
    expect(json.points).toHaveLength(9);
    expect(json.points.every((p) => p.status === 'done')).toBe(true);
    expect(Object.keys(json.points[0]!).sort()).toEqual(['area_mm2', 'edp', 'energy_pj', 'index', 'latency_cycles', 'params', 'run_id', 'status']);
    // Points that share cores reuse each other's costs.
    expect(json.lut.hits).toBeGreaterThan(0);

    // Every point against `run` on its modified inputs (written as files, run by the run command's core).
    const store = Store.open(db);
    const sweep = store.sweeps.get(json.sweep_id)!;
    const definition = sweep.definition as SweepDefinition;
    const base = store.sweeps.base(json.sweep_id) as SweepBase;
    for (const p of json.points) {
      const baseMapping = unwrap(parseMappingYaml(base.mapping.yaml, 'm.yaml'));
      const built = buildPointInputs(definition, { accelerator: reviveAccelerator(base.accelerator), mapping: baseMapping }, p.params);
      expect(built.ok).toBe(true);
      if (!built.ok) continue;
      const pointDir = join(dir, `point-${p.index}`);
      mkdirSync(pointDir, { recursive: true });
      unwrap(saveAcceleratorFile(built.inputs.accelerator, join(pointDir, 'accelerator.yaml')));
      writeFileSync(join(pointDir, 'mapping.yaml'), exportMappingYaml(built.inputs.mapping));
      const direct = await executeRun({
        acceleratorPath: join(pointDir, 'accelerator.yaml'),
        workloadPath: `${LAB1}/workload/4_convs.onnx`,
        mappingPath: join(pointDir, 'mapping.yaml'),
        options: definition.options,
      });
      expect(p.latency_cycles, `point ${p.index}`).toBe(direct.latencyCycles);
      expect(p.energy_pj, `point ${p.index}`).toBe(direct.energyPj);
      expect(p.edp).toBe(direct.edp);
      // The point's run is an ordinary stored run with the same figures, linked to the sweep and stamped.
      const run = store.runs.get(p.run_id!)!;
      expect(run.sweepId).toBe(json.sweep_id);
      expect(run.modelFingerprint).toBe(sweep.modelFingerprint);
      expect(store.runs.result(run.id)!.latencyCycles).toBe(direct.latencyCycles);
      // The worker hashed the point's own design and mapping (the store keeps no copy of them).
      expect(run.designHash, `point ${p.index}`).toBe(contentHash(built.inputs.accelerator));
      expect(run.mappingHash, `point ${p.index}`).toBe(contentHash(built.inputs.mapping === baseMapping ? base.mapping.yaml : exportMappingYaml(built.inputs.mapping)));
    }
    // The array axis changes latency; the front is the brute-force non-dominated set.
    expect(new Set(json.points.map((p) => p.latency_cycles)).size).toBeGreaterThan(1);
    const brute = json.points
      .filter((p) => !json.points.some((q) => q.latency_cycles! <= p.latency_cycles! && q.energy_pj! <= p.energy_pj! && (q.latency_cycles! < p.latency_cycles! || q.energy_pj! < p.energy_pj!)))
      .map((p) => p.index);
    expect([...json.pareto].sort((a, b) => a - b)).toEqual(brute.sort((a, b) => a - b));
    expect(integrityCheck(store.db)).toBe('ok');
    store.close();

    // Export: CSV with one column per axis, and SVG plots.
    const exportIo = cliIo(dir);
    expect(await sweepsCommand.run(['export', String(json.sweep_id), '--db', db, '--csv', '--plot', join(dir, 'plots')], exportIo)).toBe(0);
    const csv = exportIo.out.join('').trim().split('\n');
    expect(csv[0]).toBe('index,links[*].bandwidth,cores[0].array.dimensions.D1,status,run_id,latency_cycles,energy_pj,area_mm2,edp,latency_spread,energy_spread,error');
    expect(csv).toHaveLength(10);

    // Show: one line per point, the figures in aligned columns (parameters of different widths padded).
    const showIo = cliIo(dir);
    expect(await sweepsCommand.run(['show', String(json.sweep_id), '--db', db], showIo)).toBe(0);
    const rows = showIo.out.join('').split('\n').filter((line) => / done /.test(line));
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((row) => row.indexOf(' cc '))).size).toBe(1);
  }, 300_000);

  it('refuses a bad axis before anything runs, naming the file, the axis and the expectation', async () => {
    const { dir, file, db } = writeNinePointSweep();
    writeFileSync(file, `accelerator: ${LAB1}/hardware/hda_bus.yaml\nworkload: ${LAB1}/workload/4_convs.onnx\nmapping: ${LAB1}/mapping/mapping.yaml\naxes:\n  - field: cores[*].memories[nope].size_bits\n    values: [1024]\n`);
    await expect(sweepCommand.run([file, '--db', db], cliIo(dir))).rejects.toThrow(`${file}: axes[0].field: expected a path into the accelerator`);
  }, 60_000);
});
