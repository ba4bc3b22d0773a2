/**
 * Allocators compared: GA 16 × 16 (seed 0), constraint optimisation (`co`, HiGHS) and the GA seeded with it
 * (`co+ga`) on fused ResNet-18 / tpu_like_quad_core with the automatic stacks and on tutorial lab 3 (the issue's
 * bar), and on FSRCNN / tpu_like_quad_core and ResNet-18 / simba_small. Prints the scheduled latency and energy,
 * the solve's time, status, model size, MILP objective, bound and gap, and which model variant's candidate each
 * MILP-solved stack kept.
 * Run: npx tsx bench/allocation.bench.ts [co_time_limit_s]
 */
import { resolve } from 'node:path';
import { unwrap } from '../src/engine/errors';
import { loadAcceleratorFile } from '../src/engine/hardware/io';
import { loadMappingFile } from '../src/engine/mapping/io';
import type { RunResult } from '../src/engine/results/types';
import type { CostLut, CostLutEntry } from '../src/engine/stream/cost';
import type { StreamOptionsInput } from '../src/engine/stream/options';
import { runPipeline } from '../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../src/engine/workload/io';

const R = resolve(import.meta.dirname, '../../shared/reference/inputs');
const timeLimit = Number(process.argv[2] ?? 30);

const cases = [
  {
    name: 'ResNet-18 / tpu_like_quad_core, fused, automatic stacks',
    hw: `${R}/stream/examples/hardware/tpu_like_quad_core.yaml`,
    workload: `${R}/stream/examples/workload/resnet18.onnx`,
    mapping: `${R}/stream/examples/mapping/tpu_like_quad_core.yaml`,
    options: { mode: 'fused' } as StreamOptionsInput,
  },
  // Two more pairs, to see the model on other shapes (not in the issue's bar).
  {
    name: 'FSRCNN / tpu_like_quad_core, fused, automatic stacks',
    hw: `${R}/stream/examples/hardware/tpu_like_quad_core.yaml`,
    workload: `${R}/stream/examples/workload/fsrcnn.onnx`,
    mapping: `${R}/stream/examples/mapping/tpu_like_quad_core.yaml`,
    options: { mode: 'fused' } as StreamOptionsInput,
  },
  {
    name: 'ResNet-18 / simba_small, fused, automatic stacks',
    hw: `${R}/stream/examples/hardware/simba_small.yaml`,
    workload: `${R}/stream/examples/workload/resnet18.onnx`,
    mapping: `${R}/stream/examples/mapping/simba_small.yaml`,
    options: { mode: 'fused' } as StreamOptionsInput,
  },
  {
    name: 'tutorial lab 3 (hda_bus, 4 convs), fused 0-3',
    hw: `${R}/stream-tutorial/lab3/hardware/hda_bus.yaml`,
    workload: `${R}/stream-tutorial/lab3/workload/4_convs.onnx`,
    mapping: `${R}/stream-tutorial/lab3/mapping/mapping.yaml`,
    options: { mode: 'fused', layer_stacks: [[0, 1, 2, 3]] } as StreamOptionsInput,
  },
];

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

async function main(): Promise<void> {
  console.log(`GA 16 × 16 seed 0; co_time_limit_s ${timeLimit}. Scheduled latency = one inference as COALA schedules it; MILP objective = the model's steady-state estimate.`);
  for (const c of cases) {
    const accelerator = unwrap(loadAcceleratorFile(c.hw));
    const workload = unwrap(await loadWorkloadFile(c.workload, { flavour: 'stream' }));
    const mapping = unwrap(loadMappingFile(c.mapping));
    const m = new Map<string, CostLutEntry>();
    const costLut: CostLut = { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
    const run = async (allocation: 'ga' | 'co' | 'co+ga'): Promise<{ r: RunResult; ms: number }> => {
      const t = performance.now();
      const r = await runPipeline({ accelerator, workload, mapping, costLut, options: {
          ...c.options,
          allocation,
          ...(allocation !== 'co' ? { nb_ga_generations: 16, nb_ga_individuals: 16, seed: 0 } : {}),
          ...(allocation !== 'ga' ? { co_time_limit_s: timeLimit } : {}),
        },
      });
      return { r, ms: performance.now() - t };
    };
    await run('ga'); // fills the cost LUT so the timings below are the allocators'
    const ga = await run('ga');
    const co = await run('co');
    const both = await run('co+ga');
    console.log(`\n${c.name}`);
    console.log(['allocator', 'scheduled latency', 'energy (mJ)', 'wall (s)', 'solve (s)', 'status', 'variables', 'constraints', 'MILP objective', 'bound', 'gap'].join(' | '));
    for (const [label, x] of [['ga', ga], ['co', co], ['co+ga', both]] as const) {
      const s = x.r.allocationSolve;
      console.log(
        [
          label,
          fmt(x.r.latencyCycles),
          (x.r.energyPj / 1e9).toFixed(3),
          (x.ms / 1000).toFixed(1),
          s ? (s.timeMs / 1000).toFixed(1) : '—',
          s?.status ?? '—',
          s?.variables ?? '—',
          s?.constraints ?? '—',
          s ? fmt(s.objective) : '—',
          s ? fmt(s.bound) : '—',
          s ? `${(100 * s.gap).toFixed(2)} %` : '—',
        ].join(' | '),
      );
    }
    const kept = new Map<string, number>();
    for (const st of co.r.allocationSolve?.stacks ?? []) if (st.variants) kept.set(st.kept ?? '?', (kept.get(st.kept ?? '?') ?? 0) + 1);
    console.log(`co: stacks solved by MILP kept (variant, solution: count) ${[...kept].map(([k, n]) => `${k}: ${n}`).join('; ')}; ${co.r.allocationSolve?.incumbentsScheduled ?? 0} candidates scheduled`);
    const ok = co.r.latencyCycles <= ga.r.latencyCycles && both.r.latencyCycles <= Math.min(ga.r.latencyCycles, co.r.latencyCycles);
    console.log(`co / ga ${(co.r.latencyCycles / ga.r.latencyCycles).toFixed(3)}, co+ga / min(ga, co) ${(both.r.latencyCycles / Math.min(ga.r.latencyCycles, co.r.latencyCycles)).toFixed(3)} → ${ok ? 'co ≤ ga and co+ga ≤ both' : 'misses: co ≤ ga and co+ga ≤ both'}`);
  }
}

await main();
