/**
 * Single-core cost model speed: every layer of ResNet-18 (ONNX) on tpu_like and of MobileNetV2 (ONNX) on
 * edge_tpu_like, lpf_limit 6, objective latency. Prints wall and CPU time, temporal mappings evaluated per
 * second and the totals. Reference: ZigZag 3.8.0 takes about 43 CPU-s for ResNet-18 on tpu_like.
 *
 *   npx tsx bench/zigzag.bench.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../src/engine/errors';
import { loadCoreFile } from '../src/engine/hardware/io';
import { loadMappingFile } from '../src/engine/mapping/io';
import { loadWorkloadFile } from '../src/engine/workload/io';
import { evaluateWorkload } from '../src/engine/zigzag';

const INPUTS = fileURLToPath(new URL('../../shared/reference/inputs/zigzag/', import.meta.url));
const REFERENCE_CPU_S: Record<string, number> = { 'resnet18.onnx on tpu_like': 43 };

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

async function bench(workloadFile: string, hardware: string, mapping: string) {
  const label = `${workloadFile} on ${hardware}`;
  const workload = ok(await loadWorkloadFile(join(INPUTS, 'workload', workloadFile), { flavour: 'zigzag' }));
  const core = ok(loadCoreFile(join(INPUTS, 'hardware', `${hardware}.yaml`)));
  const map = ok(loadMappingFile(join(INPUTS, 'mapping', `${mapping}.yaml`)));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = evaluateWorkload(workload, core, map, { lpfLimit: 6, objective: 'latency' });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  // Layers identical to an earlier one reuse its result: count only the mappings actually evaluated.
  const evaluated = result.layers.filter((l) => !l.fromCache).reduce((a, l) => a + l.temporalMappingsEvaluated, 0);
  console.log(`${label}: ${result.layers.length} layers (${result.layers.length - result.layersFromCache} distinct searches)`);
  console.log(`  wall ${wallS.toFixed(3)} s, CPU ${cpuS.toFixed(3)} s`);
  console.log(`  temporal mappings evaluated: ${evaluated} (${Math.round(evaluated / wallS).toLocaleString('en')} per second)`);
  console.log(`  energy ${result.energyTotal.toFixed(2)} pJ, latency ${result.latencyTotal2} cycles`);
  const reference = REFERENCE_CPU_S[label];
  if (reference) console.log(`  vs reference ZigZag (${reference} CPU-s): ${(reference / cpuS).toFixed(0)}× faster (goal ≥ 100×)`);
}

// A first run warms up the JIT the way a long-lived app process would be.
const warm = process.argv.includes('--cold') ? [] : [['resnet18.onnx', 'tpu_like', 'tpu_like']];
for (const [w, h, m] of warm) {
  const t0 = performance.now();
  const workload = ok(await loadWorkloadFile(join(INPUTS, 'workload', w!), { flavour: 'zigzag' }));
  evaluateWorkload(workload, ok(loadCoreFile(join(INPUTS, 'hardware', `${h}.yaml`))), ok(loadMappingFile(join(INPUTS, 'mapping', `${m}.yaml`))), {});
  console.log(`warm-up run: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
}
await bench('resnet18.onnx', 'tpu_like', 'tpu_like');
await bench('mobilenetv2.onnx', 'edge_tpu_like', 'edge_tpu_like');

/**
 * SALSA (simulated annealing, 1000 orderings per spatial mapping, start temperature 0.05, seed 0) against LOMA
 * (lpf 6) on the ten ZigZag 3.8.0 test_origin cases (ResNet-18 ONNX and YAML on five cores), objective latency:
 * energy and latency ratios (SALSA / LOMA) and the time of each.
 */
const SUITE: [hardware: string, mapping: string][] = [
  ['ascend_like', 'ascend_like'],
  ['edge_tpu_like', 'edge_tpu_like'],
  ['meta_prototype', 'meta_prototype_like'],
  ['tesla_npu_like', 'tesla_npu_like'],
  ['tpu_like', 'tpu_like'],
];
console.log('\nSALSA vs LOMA (lpf 6), ZigZag test_origin cases, objective latency');
console.log('case                                   LOMA energy pJ   latency cc   time s | SALSA energy  latency   time s | E ratio  L ratio');
for (const workloadFile of ['resnet18.onnx', 'resnet18.yaml']) {
  const workload = ok(await loadWorkloadFile(join(INPUTS, 'workload', workloadFile), { flavour: 'zigzag' }));
  for (const [hardware, mapping] of SUITE) {
    const core = ok(loadCoreFile(join(INPUTS, 'hardware', `${hardware}.yaml`)));
    const map = ok(loadMappingFile(join(INPUTS, 'mapping', `${mapping}.yaml`)));
    const timed = (options: Parameters<typeof evaluateWorkload>[3]) => {
      const t0 = performance.now();
      const r = evaluateWorkload(workload, core, map, options);
      return { r, s: (performance.now() - t0) / 1000 };
    };
    const loma = timed({ lpfLimit: 6, objective: 'latency' });
    const salsa = timed({ lpfLimit: 6, objective: 'latency', temporalMapper: 'salsa', salsaIterations: 1000, salsaTemperature: 0.05, salsaSeed: 0 });
    const label = `${workloadFile} on ${hardware}`.padEnd(38);
    console.log(
      `${label} ${loma.r.energyTotal.toExponential(6)} ${String(loma.r.latencyTotal2).padStart(11)} ${loma.s.toFixed(2).padStart(8)} | ` +
        `${salsa.r.energyTotal.toExponential(6)} ${String(salsa.r.latencyTotal2).padStart(9)} ${salsa.s.toFixed(2).padStart(8)} | ` +
        `${(salsa.r.energyTotal / loma.r.energyTotal).toFixed(4)}   ${(salsa.r.latencyTotal2 / loma.r.latencyTotal2).toFixed(4)}`,
    );
  }
}
