import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptionFlags, runCommand } from '../../../src/cli/commands/run';
import type { CliIo } from '../../../src/cli/command';
import { main } from '../../../src/cli/index';
import { parseStreamOptions, streamOptionInfo } from '../../../src/engine/stream/options';
import { mergeRunOptions } from '../../../src/engine/stream/run-file';
import { TUTORIAL } from '../../support/reference';

function io(cwd = TUTORIAL): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd, env: {} };
}

const dir = mkdtempSync(join(tmpdir(), 'ss-runfile-'));
/** Lab 2 (K split over three cores) as a run file in its own folder, inputs referenced relative to it. */
function labRunFile(options: string): string {
  const path = join(dir, `run-${Math.random().toString(36).slice(2)}.yaml`);
  const rel = `${join('..', ...Array(dir.split('/').length - 1).fill('..'), TUTORIAL)}/lab2`.replace(/\/+/g, '/');
  writeFileSync(path, `accelerator: ${rel}/hardware/hda_bus.yaml\nworkload: ${rel}/workload/4_convs.onnx\nmapping: ${rel}/mapping/mapping.yaml\noptions: ${options}\n`);
  return path;
}
const flags = ['--accelerator', 'lab2/hardware/hda_bus.yaml', '--workload', 'lab2/workload/4_convs.onnx', '--mapping', 'lab2/mapping/mapping.yaml'];

/** A value for every option (YAML as given to --option) and the options it needs beside it. */
const SAMPLES: Record<string, { value: string; with?: Record<string, unknown> }> = {
  loma_lpf_limit: { value: '4' },
  temporal_mapping_type: { value: 'even' },
  temporal_mapper: { value: 'salsa' },
  salsa_iterations: { value: '50', with: { temporal_mapper: 'salsa' } },
  salsa_temperature: { value: '0.5', with: { temporal_mapper: 'salsa' } },
  cost_lut_path: { value: 'lut.json' },
  mode: { value: 'fused' },
  layer_stacks: { value: '"0-1,2-3"', with: { mode: 'fused' } },
  stack_cutoff: { value: '1', with: { mode: 'fused' } },
  stack_cutoffs: { value: '[1, 2]', with: { mode: 'fused' } },
  cn_define_mode: { value: '1', with: { hint_loops: [['OY', 'all']] } },
  hint_loops: { value: '[[OY, all]]', with: { cn_define_mode: 1 } },
  layer_cutoffs: { value: '[2]', with: { cn_define_mode: 3, hint_loops: [[['OY', 'all']], [['OY', 4]]] } },
  split_W_percentage: { value: '0.5', with: { cn_define_mode: 4, hint_loops: [['OY', 'all']] } },
  split_onnx_model_path: { value: 'out/split.onnx' },
  split_W_double_buffered: { value: 'true' },
  system_clock_ns: { value: '2.5' },
  scheduler_candidate_selection: { value: 'memory' },
  operands_to_prefetch: { value: '[W]' },
  multicast: { value: 'true' },
  allocation: { value: 'ga' },
  nb_ga_individuals: { value: '8' },
  nb_ga_generations: { value: '3' },
  seed: { value: '7' },
  stacks: { value: 'first-fit', with: { mode: 'fused' } },
  co_time_limit_s: { value: '5', with: { allocation: 'co' } },
  co_mip_gap: { value: '0.01', with: { allocation: 'co' } },
  ga_workers: { value: '2' },
  compat: { value: 'reference-2025' },
  plot_hof: { value: 'true' },
  plot_file_name: { value: 'plots/x-', with: { plot_hof: true } },
  plot_full_schedule: { value: 'true' },
  plot_data_transfer: { value: 'true' },
};

describe('stream-studio run RUN.yaml', () => {
  it('a run file and the equivalent flags give identical results; --option overrides the file', async () => {
    const file = labRunFile('{ allocation: fixed, compat: reference, mode: lbl, operands_to_prefetch: [W] }');
    const a = io();
    expect(await runCommand.run([file, '--json'], a)).toBe(0);
    const b = io();
    expect(await runCommand.run([...flags, '--allocation', 'fixed', '--compat', 'reference', '--option', 'operands_to_prefetch=[W]', '--json'], b)).toBe(0);
    expect(JSON.parse(a.out.join(''))).toEqual(JSON.parse(b.out.join('')));
    const c = io();
    expect(await runCommand.run([file, '--option', 'operands_to_prefetch=[]', '--json'], c)).toBe(0);
    const d = io();
    expect(await runCommand.run([...flags, '--allocation', 'fixed', '--compat', 'reference', '--json'], d)).toBe(0);
    expect(JSON.parse(c.out.join(''))).toEqual(JSON.parse(d.out.join('')));
    expect(JSON.parse(c.out.join('')).latency_cycles).not.toBe(JSON.parse(a.out.join('')).latency_cycles);
  }, 120_000);

  it('unknown keys and wrong types: exit 2 naming the file, the key and what was expected', async () => {
    const cli = io();
    expect(await main(['run', labRunFile('{ allocation: fixed }'), '--option', 'multicast=maybe'], cli)).toBe(2);
    expect(cli.err.join('')).toContain('command-line options: multicast: expected boolean (found "maybe")');
    const file = labRunFile('{ allocation: fixed, loma_lpf_limit: 0, operand_to_prefetch: [W] }');
    const cli2 = io();
    expect(await main(['run', file], cli2)).toBe(2);
    const err2 = cli2.err.join('');
    expect(err2).toContain(`${file}: options.loma_lpf_limit: expected integer 1..12 (found 0)`);
    expect(err2).toContain(`${file}: options.operand_to_prefetch: expected a known Stream option`);
    const cli3 = io();
    expect(await main(['run', join(dir, 'missing.yaml')], cli3)).toBe(2);
    expect(cli3.err.join('')).toContain('missing.yaml: expected a readable run file (YAML) (found ENOENT)');
  });

  it('`help run` lists every option of the schema with its type and default', async () => {
    const cli = io();
    expect(await main(['help', 'run'], cli)).toBe(0);
    const help = cli.out.join('').replace(/\s+/g, ' ');
    for (const o of streamOptionInfo().filter((x) => x.kind !== 'input')) {
      const dflt = o.default === undefined ? 'unset' : JSON.stringify(o.default);
      expect(help, o.name).toContain(` ${o.name} ${o.type}; default ${dflt}`);
    }
  });

  it('every option of the schema can be set with --option (VALUE as YAML)', () => {
    const settable = streamOptionInfo().filter((o) => o.kind !== 'input').map((o) => o.name);
    expect(Object.keys(SAMPLES).sort()).toEqual([...settable].sort());
    for (const name of settable) {
      const { value, with: companions = {} } = SAMPLES[name]!;
      const set = parseOptionFlags([`${name}=${value}`], '/work');
      expect(Object.keys(set)).toEqual([name]);
      const merged = mergeRunOptions(companions, set, { file: 'run.yaml' });
      const parsed = parseStreamOptions(merged) as Record<string, unknown>;
      expect(parsed[name], name).not.toEqual(streamOptionInfo().find((o) => o.name === name)!.default);
    }
    // Paths given on the command line are relative to the working directory.
    expect(parseOptionFlags(['cost_lut_path=lut.json'], '/work/x')).toEqual({ cost_lut_path: '/work/x/lut.json' });
    expect(parseOptionFlags(['operands_to_prefetch=[W]', 'operands_to_prefetch=[]'], '/')).toEqual({ operands_to_prefetch: [] });
    expect(() => parseOptionFlags(['=3'], '/')).toThrow(/KEY=VALUE/);
  });
});
