import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/cli/commands/run';
import type { CliIo } from '../../../src/cli/command';
import { TUTORIAL } from '../../support/reference';

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: TUTORIAL, env: {} };
}

const inputs = ['--accelerator', 'lab1/hardware/hda_bus.yaml', '--workload', 'lab1/workload/4_convs.onnx', '--mapping', 'lab1/mapping/mapping.yaml'];

describe('stream-studio run', () => {
  it('prints the --json shape and writes a Perfetto trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-run-'));
    const trace = join(dir, 'trace.json');
    const cli = io();
    const code = await runCommand.run([...inputs, '--compat', 'reference', '--json', '--trace', trace], cli);
    expect(code).toBe(0);
    const json = JSON.parse(cli.out.join(''));
    expect(Object.keys(json).sort()).toEqual(['allocation', 'area', 'energy_breakdown', 'energy_pj', 'latency_cycles', 'layer_stacks', 'memory_peaks_bytes', 'n_cns', 'pareto']);
    expect(json.n_cns).toBe(4);
    // hda_bus gives unit_area but no memory areas: the missing memories are listed, never counted as 0
    expect(json.area.unit).toBe('mm2');
    expect(json.area.cores).toHaveLength(3);
    expect(json.area.missing).toContain('accelerator1: sram_64KB_I1_O');
    expect(json.allocation).toEqual({ '0': [0], '1': [1], '2': [2], '3': [0] });
    expect(json.pareto).toEqual([{ latency_cycles: json.latency_cycles, energy_pj: json.energy_pj }]);
    expect(Object.keys(json.memory_peaks_bytes)).toContain('0:sram_64KB_I1_O');
    expect(existsSync(trace)).toBe(true);
    expect(JSON.parse(readFileSync(trace, 'utf8')).traceEvents.length).toBeGreaterThan(4);
  }, 60_000);

  it('writes the seed plots as SVG with --plot', async () => {
    const prefix = join(mkdtempSync(join(tmpdir(), 'ss-plot-')), 'lab1-');
    const code = await runCommand.run([...inputs, '--plot', prefix], io());
    expect(code).toBe(0);
    for (const name of ['schedule.svg', 'memory.svg', 'pareto.svg']) {
      const svg = readFileSync(`${prefix}${name}`, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
    }
  }, 60_000);

  it('a fixed allocation gives the same schedule every time', async () => {
    const a = io();
    const b = io();
    await runCommand.run([...inputs, '--allocation', 'fixed', '--json'], a);
    await runCommand.run([...inputs, '--allocation', 'fixed', '--json'], b);
    expect(b.out.join('')).toBe(a.out.join(''));
  }, 60_000);

  it('reports bad input as a usage or input error', async () => {
    await expect(runCommand.run(['--workload', 'x.onnx'], io())).rejects.toThrow(/--accelerator \(or a run file\) is required/);
    await expect(runCommand.run([...inputs, '--mode', 'stacked'], io())).rejects.toThrow(/mode/);
  });
});
