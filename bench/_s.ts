import { unwrap } from '../src/engine/errors';
import { loadAcceleratorFile } from '../src/engine/hardware/io';
import { loadMappingFile } from '../src/engine/mapping/io';
import { loadWorkloadFile } from '../src/engine/workload/io';
import { MainStage } from '../src/engine/stream/stage';
import { STANDARD_STAGES } from '../src/engine/stream/pipeline';
import { evaluateGenome } from '../src/engine/stream/allocation';
const E = '../shared/reference/inputs/stream/examples';
const ACC = unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`));
const WL = unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' }));
const MP = unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml`));
const main = new MainStage(STANDARD_STAGES, {
  accelerator: unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`)),
  workload: unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' })),
  mapping: unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml`)),
  mode: 'fused', layer_stacks: [Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)],
});
const lm = new Map<string, any>(); const lut = { get: (k: string) => lm.get(k), set: (k: string, v: any) => void lm.set(k, v) };
const [[scme]] = await main.run();
const problem = (scme as any).problem;
const genome = problem.genes.map((g: any) => g.cores[0]);
for (const rec of [true, false, true, false]) {
  const t = performance.now();
  for (let i = 0; i < 5; i++) evaluateGenome(problem, genome, rec);
  console.log('record', rec, ((performance.now() - t) / 5).toFixed(0), 'ms');
}
console.log(JSON.stringify(main.context.timings));
for (let k = 0; k < 3; k++) {
  const m2 = new MainStage(STANDARD_STAGES, { accelerator: ACC, workload: WL, mapping: MP, cost_lut: lut, mode: 'fused', layer_stacks: [Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)] });
  const t0 = performance.now();
  const [[s2]] = await m2.run();
  const t1 = performance.now();
  const p2 = (s2 as any).problem;
  const g2 = p2.genes.map((g: any) => g.cores[0]);
  let t = performance.now(); evaluateGenome(p2, g2, true); const a = performance.now() - t;
  t = performance.now(); evaluateGenome(p2, g2, true); const b = performance.now() - t;
  console.log('run', (t1 - t0).toFixed(0), JSON.stringify(m2.context.timings), 'then first', a.toFixed(0), 'second', b.toFixed(0));
}
