import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../../src/cli/commands/inspect';
import { useCactiRunner } from '../../../src/engine/hardware/cacti-costs';
import { installCactiWasm } from '../../../src/engine/io';
import { UsageError, type CliIo } from '../../../src/cli/command';
import { INVALID_UPSTREAM, OLDER_FORMAT, ref, referenceFiles } from '../hardware/reference-files';

const ROOT = resolve(import.meta.dirname, '../../..');

function capture(cwd = ROOT): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}

async function inspect(args: string[]) {
  const io = capture();
  const code = await inspectCommand.run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('stream-studio inspect', () => {
  it('prints an accelerator as JSON: cores with memories and array, links, off-chip core', async () => {
    const r = await inspect(['--accelerator', ref('inputs/stream/examples/hardware/tpu_like_quad_core.yaml'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.offchip_core).toBe(6);
    expect(json.cores).toHaveLength(7);
    expect(json.cores[0]).toMatchObject({ id: 0, name: 'tpu_like', array: { dimensions: { D1: 32, D2: 32 }, total_units: 1024, unit_energy: 0.04 } });
    expect(json.cores[0].memories.map((m: { name: string }) => m.name)).toEqual(['rf_128B', 'rf_2B', 'sram_2MB']);
    expect(json.cores[0].memories[2]).toMatchObject({ size_bits: 16777216, operands: ['I1', 'I2', 'O'], unroll_count: 1 });
    expect(json.links).toHaveLength(25);
    expect(json.links[24]).toMatchObject({ kind: 'bus', role: 'offchip', bandwidth: 64 });
  });

  it('prints a workload as JSON: layers with loop sizes and inputs', async () => {
    const r = await inspect(['--workload', ref('inputs/stream-tutorial/lab1/workload/4_convs.onnx'), '--json']);
    expect(r.code).toBe(0);
    const { layers } = JSON.parse(r.out);
    expect(layers).toHaveLength(4);
    expect(layers[1]).toMatchObject({ id: 1, type: 'Conv', loop_sizes: { K: 8, C: 8, OX: 56, OY: 56, FX: 3, FY: 3 }, inputs: [0] });
  });

  it('prints a mapping as JSON entries', async () => {
    const r = await inspect(['--mapping', ref('inputs/stream/examples/mapping/tpu_like_quad_core.yaml'), '--json']);
    expect(r.code).toBe(0);
    const { entries } = JSON.parse(r.out);
    expect(entries[0]).toMatchObject({ name: 'default', core_allocation: [0, 1, 2, 3], inter_core_tiling: ['K, *'], intra_core_tiling: ['D, all'] });
  });

  it('prints a readable summary resolving relative paths against the working directory', async () => {
    const io = capture(ref('inputs/stream-tutorial/lab1'));
    const code = await inspectCommand.run(['--accelerator', 'hardware/hda_bus.yaml', '--mapping', 'mapping/mapping.yaml'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('Accelerator three_core_hda_bus (stream-typed format): 4 cores, off-chip core 3');
    expect(io.out()).toContain('sram_64KB_I1_O: 512 Kib, I1 O');
    expect(io.out()).toContain('Layer0: cores [0]; inter K,1; intra OY,all');
  });

  it('marks CACTI figures interpolated between table widths as approximate, and only those', async () => {
    const yaml = readFileSync(ref('inputs/zigzag/hardware/generic_array_cacti.yaml'), 'utf8');
    // rf_I's read bandwidth 16 b (a table width) becomes 20 b (between the table's 16 and 24 b).
    const edited = yaml.replace(/(rf_I:\n\s+size: 1024\n\s+)r_bw: 16/, '$1r_bw: 20');
    expect(edited).not.toBe(yaml);
    const file = join(mkdtempSync(join(tmpdir(), 'inspect-cacti-')), 'generic_array_cacti.yaml');
    writeFileSync(file, edited);
    const r = await inspect(['--accelerator', file]);
    expect(r.code).toBe(0);
    const line = (name: string) => r.out.split('\n').find((l) => l.trim().startsWith(`${name}:`)) ?? '';
    expect(line('rf_I')).toContain('(CACTI, approximate: its read bandwidth lies between the CACTI table widths)');
    expect(line('rf_W')).toMatch(/mm² \(CACTI\), ports/);
  });

  it('prices a memory between the table widths by a direct CACTI run (WebAssembly) once the module is installed', async () => {
    const yaml = readFileSync(ref('inputs/zigzag/hardware/generic_array_cacti.yaml'), 'utf8');
    const edited = yaml.replace(/(rf_I:\n\s+size: 1024\n\s+)r_bw: 16/, '$1r_bw: 20');
    const file = join(mkdtempSync(join(tmpdir(), 'inspect-cacti-')), 'generic_array_cacti.yaml');
    writeFileSync(file, edited);
    expect(await installCactiWasm()).toBe(true);
    try {
      const r = await inspect(['--accelerator', file]);
      expect(r.code).toBe(0);
      const line = (name: string) => r.out.split('\n').find((l) => l.trim().startsWith(`${name}:`)) ?? '';
      expect(line('rf_I')).toContain('(CACTI, direct run)');
      expect(line('rf_W')).toMatch(/mm² \(CACTI\), ports/);
    } finally {
      useCactiRunner(undefined);
    }
  });

  it('exits 2 with the error on stderr for invalid input', async () => {
    const r = await inspect(['--accelerator', resolve(ROOT, 'test/fixtures/bad/hardware/core_negative_size.yaml')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('core_negative_size.yaml: memories.rf_I2.size: expected');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('checks a mapping against the accelerator given with it', async () => {
    const r = await inspect([
      '--accelerator',
      ref('inputs/stream-tutorial/lab1/hardware/hda_bus.yaml'),
      '--mapping',
      ref('inputs/stream/examples/mapping/tpu_like_quad_core.yaml'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[3].core_allocation[0]: expected the id of a core of accelerator three_core_hda_bus');
  });

  it('warns about mapping dimensions the workload lacks, as the reference ignores them', async () => {
    const r = await inspect([
      '--workload',
      ref('inputs/stream-tutorial/lab1/workload/4_convs.onnx'),
      '--mapping',
      ref('inputs/stream/examples/mapping/tpu_like_quad_core.yaml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: ');
    expect(r.err).toContain('[0].intra_core_tiling[0]: expected a loop dimension of the workload');
    expect(r.out).toContain('Mapping (stream format): 8 entries');
  });

  it('rejects a call without files as a usage error', async () => {
    await expect(inspect([])).rejects.toThrow(UsageError);
    await expect(inspect(['--mapping'])).rejects.toThrow(UsageError);
  });

  it('imports every reference input file (files invalid upstream exit 2)', async () => {
    const flag = { accelerator: '--accelerator', core: '--accelerator', mapping: '--mapping', workload: '--workload' } as const;
    for (const file of referenceFiles()) {
      const r = await inspect([flag[file.kind], file.path, '--json']);
      if (INVALID_UPSTREAM[file.rel]) expect(r.code, file.rel).toBe(2);
      else if (file.kind === 'workload') expect([0, 2], file.rel).toContain(r.code);
      else {
        // Zero link / off-chip energies are flagged as warnings (the shipped files have them).
        const err = r.err.split('\n').filter((l) => l !== '' && !/: warning: .*(energy per bit per hop|off-chip energy per access)/.test(l));
        if (OLDER_FORMAT.has(file.rel)) {
          expect(r.code, file.rel).toBe(0);
          expect(err, file.rel).toEqual([expect.stringMatching(/notice: .*meta_prototype\.yaml: core file from before ZigZag 3\.8 \(`multipliers:`\)/)]);
        } else expect({ file: file.rel, code: r.code, err: err.join('\n') }).toEqual({ file: file.rel, code: 0, err: '' });
      }
    }
  });

  it('runs as `node bin/stream-studio.js inspect`', () => {
    const ok = spawnSync('node', ['bin/stream-studio.js', 'inspect', '--mapping', ref('inputs/stream-tutorial/lab2/mapping/mapping.yaml'), '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).entries[0]).toMatchObject({ name: 'default', core_allocation: [0, 1, 2], inter_core_tiling: ['K, 3'] });
    const bad = spawnSync('node', ['bin/stream-studio.js', 'inspect', '--mapping', 'test/fixtures/bad/mapping/map_no_default.yaml'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('map_no_default.yaml');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
