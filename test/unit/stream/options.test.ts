import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { layerStacksText, parseLayerStacksText, parseStreamOptions } from '../../../src/engine/stream/options';

describe('parseStreamOptions', () => {
  it('fills defaults and keeps the seed option names', () => {
    const o = parseStreamOptions({ loma_lpf_limit: 7, nb_ga_individuals: 32, nb_ga_generations: 100, scheduler_candidate_selection: 'memory', operands_to_prefetch: [] });
    expect(o.loma_lpf_limit).toBe(7);
    expect(o.nb_ga_individuals).toBe(32);
    expect(o.mode).toBe('lbl');
    expect(o.compat).toBe('default');
    expect(o.seed).toBe(0);
  });

  it('accepts every option of the seed example', () => {
    expect(() =>
      parseStreamOptions({
        workload_path: 'w.onnx',
        mapping_path: 'm.yaml',
        loma_lpf_limit: 6,
        nb_ga_individuals: 32,
        nb_ga_generations: 100,
        cost_lut_path: 'lut.json',
        plot_hof: true,
        plot_file_name: 'x',
        plot_full_schedule: true,
        plot_data_transfer: true,
        cn_define_mode: 1,
        hint_loops: [['OY', 'all']],
        scheduler_candidate_selection: 'memory',
        operands_to_prefetch: [],
        split_onnx_model_path: 'split.onnx',
        split_W_double_buffered: true,
      }),
    ).not.toThrow();
  });

  it('rejects unknown options and names each of them', () => {
    try {
      parseStreamOptions({ loma_lpf_limt: 6, nb_ga_individual: 3 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const fields = (e as InputError).issues.map((i) => i.field).sort();
      expect(fields).toEqual(['loma_lpf_limt', 'nb_ga_individual']);
      expect((e as InputError).message).toContain('loma_lpf_limt');
    }
  });

  it('rejects invalid values with the option name', () => {
    expect(() => parseStreamOptions({ mode: 'stacked' })).toThrow(/mode/);
    expect(() => parseStreamOptions({ layer_stacks: [[0, 1], [1, 2]] })).toThrow(/layer_stacks/);
    expect(() => parseStreamOptions({ cn_define_mode: 2 })).toThrow(/hint_loops/);
  });

  it('parses layer-stack text', () => {
    expect(parseLayerStacksText('0-2,3-4')).toEqual([[0, 1, 2], [3, 4]]);
    expect(parseLayerStacksText('0-1;5')).toEqual([[0, 1], [5]]);
    expect(() => parseLayerStacksText('a-b')).toThrow(InputError);
    expect(() => parseLayerStacksText('3-1')).toThrow('lo ≤ hi');
  });

  it('reads a stack of several ids or ranges separated by spaces, and writes stacks back as it reads them', () => {
    expect(parseLayerStacksText('5 7, 0 - 2 4')).toEqual([[5, 7], [0, 1, 2, 4]]);
    expect(layerStacksText([[0, 1, 2], [3], [5, 7], [9, 8, 11, 12]])).toBe('0-2, 3, 5 7, 8-9 11-12');
    const stacks = [[0, 1, 2, 4], [3], [5, 7, 8], [10]];
    expect(parseLayerStacksText(layerStacksText(stacks))).toEqual(stacks);
  });
});
