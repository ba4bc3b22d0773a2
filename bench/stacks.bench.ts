/**
 * Automatic layer stacks against layer-by-layer and, on the small networks, against a brute-force search over
 * every cut set, all with the same allocation budget (GA, seed 0). Prints one row per accelerator × network:
 * latency and energy of lbl, of the automatic stacks and (small networks) of the best cut set, with ratios.
 * The rule must stay within 5 % of the best cut set and never be worse than lbl.
 * Run: npx tsx bench/stacks.bench.ts [generations individuals] [--only substring]
 */
import { resolve } from 'node:path';
import { unwrap } from '../src/engine/errors';
import { loadAcceleratorFile } from '../src/engine/hardware/io';
import { loadMappingFile } from '../src/engine/mapping/io';
import type { Mapping } from '../src/engine/mapping/types';
import type { CostLut, CostLutEntry } from '../src/engine/stream/cost';
import { runPipeline } from '../src/engine/stream/pipeline';
import type { StreamOptionsInput } from '../src/engine/stream/options';
import { loadWorkloadFile } from '../src/engine/workload/io';
import { isLayer, type Workload } from '../src/engine/workload/types';
import type { Accelerator } from '../src/engine/hardware/types';

const R = resolve(import.meta.dirname, '../../shared/reference/inputs');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const nums = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--only').map(Number);
const generations = nums[0] ?? 16;
const individuals = nums[1] ?? 16;
/** Brute force on networks with at most this many layers (2^(n-1) cut sets). */
const BRUTE_MAX_LAYERS = 8;

/** A network the hardware cannot run at all (layer by layer fails as well as fused): not a miss of the stack rule. */
class NotRunnable extends Error {}

const accelerators: { name: string; hw: string; mapping: string }[] = [
  { name: 'tpu_like_quad_core', hw: `${R}/stream/examples/hardware/tpu_like_quad_core.yaml`, mapping: `${R}/stream/examples/mapping/tpu_like_quad_core.yaml` },
  { name: 'eyeriss_like_quad_core', hw: `${R}/stream/examples/hardware/eyeriss_like_quad_core.yaml`, mapping: `${R}/stream/examples/mapping/tpu_like_quad_core.yaml` },
  { name: 'simba_small', hw: `${R}/stream/examples/hardware/simba_small.yaml`, mapping: `${R}/stream/examples/mapping/simba_small.yaml` },
  { name: 'hda_bus (tutorial)', hw: `${R}/stream-tutorial/lab3/hardware/hda_bus.yaml`, mapping: `${R}/stream-tutorial/lab3/mapping/mapping.yaml` },
];
// Small networks first: their brute force is the slow part.
const networks: { name: string; path: string }[] = [
  { name: '4 convs', path: `${R}/stream-tutorial/lab3/workload/4_convs.onnx` },
  { name: 'FSRCNN', path: `${R}/stream/examples/workload/fsrcnn.onnx` },
  { name: 'ResNet-18', path: `${R}/stream/examples/workload/resnet18.onnx` },
  { name: 'MobileNetV2', path: `${R}/zigzag/workload/mobilenetv2.onnx` },
];

interface Outcome {
  latency: number;
  energy: number;
  stacks: readonly (readonly number[])[];
}

const luts = new Map<string, CostLut>();
function lutFor(name: string): CostLut {
  let lut = luts.get(name);
  if (!lut) {
    const m = new Map<string, CostLutEntry>();
    lut = { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
    luts.set(name, lut);
  }
  return lut;
}

async function run(accelerator: Accelerator, workload: Workload, mapping: Mapping, lut: CostLut, options: StreamOptionsInput): Promise<Outcome> {
  const r = await runPipeline({ accelerator, workload, mapping, options: { allocation: 'ga', nb_ga_generations: generations, nb_ga_individuals: individuals, seed: 0, ...options }, costLut: lut });
  return { latency: r.latencyCycles, energy: r.energyPj, stacks: r.layerStacks?.stacks ?? [] };
}

/** Every way to cut the layer sequence into contiguous stacks. */
function* cutSets(ids: readonly number[]): Generator<number[][]> {
  const n = ids.length;
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    const stacks: number[][] = [[ids[0]]];
    for (let i = 1; i < n; i++) {
      if (mask & (1 << (i - 1))) stacks.push([ids[i]]);
      else stacks[stacks.length - 1].push(ids[i]);
    }
    yield stacks;
  }
}

const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const text = (stacks: readonly (readonly number[])[]) => stacks.map((s) => (s.length === 1 ? `${s[0]}` : `${s[0]}-${s[s.length - 1]}`)).join(',');

async function main(): Promise<void> {
  console.log(`GA ${generations} × ${individuals}, seed 0; latency in cycles, energy in mJ; ratios auto / reference (≤ 1 is better)`);
  console.log(['accelerator', 'network', 'lbl latency', 'auto latency', 'auto/lbl', 'best cut set', 'auto/best', 'energy lbl', 'energy auto', 'energy best', 'auto stacks'].join(' | '));
  let failures = 0;
  let notRunnable = 0;
  for (const net of networks) {
    for (const acc of accelerators) {
      const accelerator = unwrap(loadAcceleratorFile(acc.hw));
      const mapping = unwrap(loadMappingFile(acc.mapping));
      if (only && !`${acc.name} ${net.name}`.includes(only)) continue;
      const workload = unwrap(await loadWorkloadFile(net.path, { flavour: 'stream' }));
      const lut = lutFor(`${acc.name}/${net.name}`);
      try {
        // Layer by layer can be infeasible where fusing is not (a layer's whole tensors on one core): then the
        // automatic stacks only have to run.
        const lbl = await run(accelerator, workload, mapping, lut, { mode: 'lbl' }).catch((error: unknown) => ({ error: error instanceof Error ? error.message.split('\n')[0] : String(error) }));
        const auto = await run(accelerator, workload, mapping, lut, { mode: 'fused' }).catch((error: unknown) => {
          const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
          // Neither layer by layer nor fused runs: the hardware cannot run this network, whatever the stacks.
          if ('error' in lbl) throw new NotRunnable(`layer by layer and automatic stacks both fail: ${lbl.error}`);
          throw new Error(`automatic stacks: ${message}`);
        });
        const ids = workload.nodes.filter(isLayer).map((l) => l.id).sort((a, b) => a - b);
        let best: Outcome | undefined;
        if (ids.length <= BRUTE_MAX_LAYERS) {
          for (const stacks of cutSets(ids)) {
            const o = await run(accelerator, workload, mapping, lut, { mode: 'fused', layer_stacks: stacks }).catch(() => undefined); // an infeasible cut set
            if (!o) continue;
            if (!best || o.latency < best.latency || (o.latency === best.latency && o.energy < best.energy)) best = o;
          }
        }
        const vsLbl = 'error' in lbl ? 0 : auto.latency / lbl.latency;
        const vsBest = best ? auto.latency / best.latency : NaN;
        const ok = vsLbl <= 1 + 1e-9 && (!best || vsBest <= 1.05);
        if (!ok) failures++;
        console.log(
          [
            acc.name,
            net.name,
            'error' in lbl ? `infeasible (${lbl.error})` : fmt(lbl.latency),
            fmt(auto.latency),
            'error' in lbl ? '—' : vsLbl.toFixed(3),
            best ? `${fmt(best.latency)} (${text(best.stacks)})` : '—',
            best ? vsBest.toFixed(3) : '—',
            'error' in lbl ? '—' : (lbl.energy / 1e9).toFixed(3),
            (auto.energy / 1e9).toFixed(3),
            best ? (best.energy / 1e9).toFixed(3) : '—',
            `${text(auto.stacks)}${ok ? '' : '  ← misses the bar'}`,
          ].join(' | '),
        );
      } catch (error) {
        if (error instanceof NotRunnable) notRunnable++;
        else failures++;
        console.log(`${acc.name} | ${net.name} | ${error instanceof NotRunnable ? 'not runnable on this hardware' : 'error'}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }
  console.log(failures === 0 ? 'every runnable pair: automatic ≤ lbl and within 5 % of the best cut set' : `${failures} pair(s) miss the bar`);
  if (notRunnable > 0) console.log(`${notRunnable} pair(s) not runnable on their hardware in any mode (not counted as misses)`);
}

await main();
