/**
 * Costs that follow the design in sweeps: a memory whose size, width or port counts an axis changes takes CACTI's
 * read/write energy and area at every point (base value included; the table's at its grid points, a direct CACTI
 * run in WebAssembly elsewhere, as the sweep's workers price it), in the run the sweep stores;
 * `costs: as_given` keeps the file's figures; a shape CACTI cannot price makes only that point invalid, naming
 * the memory. Real CLI, store and worker processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/cli/commands/run';
import { sweepCommand } from '../../../src/cli/commands/sweep';
import { saveAcceleratorFile } from '../../../src/engine/hardware/io';
import { exportMappingYaml } from '../../../src/engine/mapping/mapping-export';
import { contentHash } from '../../../src/engine';
import { integrityCheck, Store } from '../../../src/app/store';
import { reviveAccelerator } from '../../../src/app/pipeline/revive';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';
import { priceCacti } from '../../../src/engine/hardware/cacti-costs';
import { installCactiWasm } from '../../../src/engine/io';
import { parseMappingYaml } from '../../../src/engine/mapping';
import { unwrap } from '../../../src/engine/errors';
import { buildPointInputs } from '../../../src/engine/sweep/point';
import type { SweepDefinition } from '../../../src/engine/sweep/definition';
import type { SweepBase } from '../../../src/app/sweep/protocol';
import { LAB1, cliIo, writeNinePointSweep } from './helpers';

const MEM = 'cores[0].memories[sram_16KB_I2]';
// sram_16KB_I2 of accelerator1: 131072 b, 256 b read/write ports, 1 read + 1 write port; the file says 10.5 / 12.8 pJ, area 0.
const FILE_COSTS = { read: 10.5, write: 12.8 };

interface PointJson {
  index: number;
  params: Record<string, number>;
  status: string;
  run_id: number | null;
  area_mm2: number | null;
  energy_pj: number | null;
  latency_cycles: number | null;
  error?: string;
}

async function runSweep(axes: string, extra = ''): Promise<{ json: { sweep_id: number; points: PointJson[] }; db: string; dir: string; file: string }> {
  const { dir, file, db } = writeNinePointSweep();
  writeFileSync(
    file,
    `name: sram-costs
accelerator: ${LAB1}/hardware/hda_bus.yaml
workload: ${LAB1}/workload/4_convs.onnx
mapping: ${LAB1}/mapping/mapping.yaml
options: { mode: lbl }
axes:
${axes}
${extra}`,
  );
  const io = cliIo(dir);
  const code = await sweepCommand.run([file, '--db', db, '--workers', '2', '--json'], io);
  expect(io.err.join('')).toBe('');
  expect(code).toBe(0);
  return { json: JSON.parse(io.out.join('')), db, dir, file };
}

/** What the point's run computed with: its accelerator rebuilt from the stored definition, tied to the run by hash. */
function pointMemory(db: string, sweepId: number, p: PointJson) {
  const store = Store.open(db);
  try {
    const definition = store.sweeps.get(sweepId)!.definition as SweepDefinition;
    const base = store.sweeps.base(sweepId) as SweepBase;
    const built = buildPointInputs(definition, { accelerator: reviveAccelerator(base.accelerator), mapping: unwrap(parseMappingYaml(base.mapping.yaml, 'm.yaml')) }, p.params);
    if (!built.ok) throw new Error(built.message);
    const run = store.runs.get(p.run_id!)!;
    // The stored run is of exactly this design (costs included).
    expect(run.designHash).toBe(contentHash(built.inputs.accelerator));
    const memory = built.inputs.accelerator.cores[0]!.memories.find((l) => l.instance.name === 'sram_16KB_I2')!.instance;
    const area = store.runs.result(run.id)!.area!;
    const areaRow = area.cores.find((c) => c.coreId === 0)!.memories.find((m) => m.memory === 'sram_16KB_I2')!;
    expect(integrityCheck(store.db)).toBe('ok');
    return { memory, areaRow, area, inputs: built.inputs };
  } finally {
    store.close();
  }
}

const cacti = (sizeBits: number, widthBits: number, readPorts = 1, writePorts = 1) =>
  priceCacti(CACTI_TABLE, { sizeBits, widthBits, readPorts, writePorts, readWritePorts: 0, technologyNm: 22 });

// The sweep's processes price memories with the CACTI module; so does this one (test expectations, executeRun).
beforeAll(async () => {
  expect(await installCactiWasm()).toBe(true);
});

describe('sweeps: memory costs follow the design (CACTI)', () => {
  it('size × width axes: every point carries CACTI’s figures for its shape, base size included; an unpriceable shape is invalid', async () => {
    // 131072 is the file's size; 360448 is between grid points (a direct CACTI run); 3072 has no CACTI figures.
    const sizes = [131072, 196608, 262144, 360448, 3072];
    const widths = [128, 256];
    const { json, db, dir } = await runSweep(
      `  - field: ${MEM}.size_bits\n    values: [${sizes.join(', ')}]\n  - field: ${MEM}.ports[*].bandwidth_max\n    values: [${widths.join(', ')}]`,
    );
    expect(json.points).toHaveLength(sizes.length * widths.length);
    let priced = 0;
    for (const p of json.points) {
      const size = p.params[`${MEM}.size_bits`]!;
      const width = p.params[`${MEM}.ports[*].bandwidth_max`]!;
      const expected = cacti(size, width);
      if (!expected.ok) {
        expect(p.status, `point ${p.index}`).toBe('invalid');
        expect(p.error).toContain('sram_16KB_I2');
        expect(p.error).toContain(expected.reason);
        continue;
      }
      expect(p.status, `point ${p.index}: ${p.error ?? ''}`).toBe('done');
      const { memory, areaRow, area, inputs } = pointMemory(db, json.sweep_id, p);
      expect(memory.autoCostExtraction).toBe(true);
      expect([memory.readCost, memory.writeCost, memory.area], `point ${p.index}`).toEqual([expected.cost.readEnergy, expected.cost.writeEnergy, expected.cost.area]);
      expect(memory.readCost).not.toBe(FILE_COSTS.read);
      // The run the worker did priced it the same: its area report has CACTI's area for this memory.
      expect(areaRow).toMatchObject({ source: 'cacti', areaEach: expected.cost.area });
      // Other memories give area 0 (missing): the point's area is missing, never a sum counting them as 0.
      expect(area.missing.length).toBeGreaterThan(0);
      expect(p.area_mm2).toBeNull();
      if (width === 256 && (size === 131072 || size === 360448)) {
        // `run` on the point's files (the memory written with auto_cost_extraction: true) gives the same figures.
        const pointDir = join(dir, `point-${p.index}`);
        mkdirSync(pointDir, { recursive: true });
        unwrap(saveAcceleratorFile(inputs.accelerator, join(pointDir, 'accelerator.yaml')));
        writeFileSync(join(pointDir, 'mapping.yaml'), exportMappingYaml(inputs.mapping));
        const direct = await executeRun({ acceleratorPath: join(pointDir, 'accelerator.yaml'), workloadPath: `${LAB1}/workload/4_convs.onnx`, mappingPath: join(pointDir, 'mapping.yaml'), options: { mode: 'lbl' } });
        expect([p.latency_cycles, p.energy_pj], `point ${p.index}`).toEqual([direct.latencyCycles, direct.energyPj]);
      }
      priced++;
    }
    expect(priced).toBe(8);
    expect(json.points.filter((p) => p.status === 'invalid').map((p) => p.params[`${MEM}.size_bits`])).toEqual([3072, 3072]);
    // "No valid organisation" (3072 b × 128 b) is one of them; 3072 b × 256 b has too few sets for CACTI.
    expect(json.points.some((p) => p.error?.includes('CACTI finds no valid organisation'))).toBe(true);
    expect(json.points.some((p) => p.error?.includes('Number of sets is too small'))).toBe(true);
    // Between grid points the figures are a direct CACTI run's.
    const between = cacti(360448, 256);
    expect(between.ok && between.cost.direct).toBe(true);
    // Costs follow the size: a larger SRAM costs more per access.
    const at = (s: number) => cacti(s, 256);
    const [small, large] = [at(131072), at(262144)];
    expect(small.ok && large.ok && large.cost.readEnergy > small.cost.readEnergy).toBe(true);
  }, 600_000);

  it('a port-count axis prices 1R1W and 2R2W from the table and the combinations the table lacks by a direct CACTI run', async () => {
    const { json, db, dir, file } = await runSweep(`  - field: ${MEM}.r_port\n    values: [1, 2]\n  - field: ${MEM}.w_port\n    values: [1, 2]`);
    expect(json.points).toHaveLength(4);
    for (const p of json.points) {
      const r = p.params[`${MEM}.r_port`]!;
      const w = p.params[`${MEM}.w_port`]!;
      const expected = cacti(131072, 256, r, w);
      expect(p.status, p.error).toBe('done');
      expect(expected.ok && expected.cost.direct === true).toBe(r !== w);
      expect(expected.ok).toBe(true);
      if (!expected.ok) continue;
      const { memory, areaRow } = pointMemory(db, json.sweep_id, p);
      expect(memory.ports.filter((x) => x.type === 'read')).toHaveLength(r);
      expect([memory.readCost, memory.writeCost, memory.area]).toEqual([expected.cost.readEnergy, expected.cost.writeEnergy, expected.cost.area]);
      expect(areaRow.areaEach).toBe(expected.cost.area);
    }
    // The two direct CACTI runs (1R2W, 2R1W) are stored in the workspace by the coordinator.
    const stored = () => {
      const store = Store.open(db);
      try {
        return store.cacti.stats().map((r) => ({ ports: `${r.query.readPorts}R${r.query.writePorts}W`, ok: r.ok, hits: r.hits }));
      } finally {
        store.close();
      }
    };
    const byPorts = (rows: ReturnType<typeof stored>) => [...rows].sort((a, b) => a.ports.localeCompare(b.ports));
    expect(byPorts(stored())).toEqual([{ ports: '1R2W', ok: true, hits: 0 }, { ports: '2R1W', ok: true, hits: 0 }]);
    // The same sweep again, with new worker processes: each point takes its figures from the workspace.
    const io = cliIo(dir);
    expect(await sweepCommand.run([file, '--db', db, '--workers', '2', '--json'], io)).toBe(0);
    const again = JSON.parse(io.out.join('')) as { points: PointJson[] };
    expect(again.points.map((p) => p.energy_pj)).toEqual(json.points.map((p) => p.energy_pj));
    expect(byPorts(stored())).toEqual([{ ports: '1R2W', ok: true, hits: 1 }, { ports: '2R1W', ok: true, hits: 1 }]);
  }, 600_000);

  it('costs: as_given keeps the file figures at every size', async () => {
    const { json, db } = await runSweep(`  - field: ${MEM}.size_bits\n    values: [131072, 262144]`, 'costs: as_given');
    expect(json.points.map((p) => p.status)).toEqual(['done', 'done']);
    for (const p of json.points) {
      const { memory, areaRow } = pointMemory(db, json.sweep_id, p);
      expect(memory.autoCostExtraction).toBe(false);
      expect([memory.readCost, memory.writeCost]).toEqual([FILE_COSTS.read, FILE_COSTS.write]);
      expect(areaRow.source).toBe('missing');
      expect(p.area_mm2).toBeNull();
    }
  }, 300_000);
});
