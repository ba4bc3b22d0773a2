/**
 * Heterogeneous clocks: conv1 on an AIMC core (clock = its macro's tclk, 14.07 ns), conv2 on a digital core
 * (system clock). The schedule counts system-clock cycles; the IMC core's cycles are converted; conv1's output
 * crosses the link after conv1 ends and conv2 starts after it arrives.
 */
import { describe, expect, it } from 'vitest';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { lookupMappingEntry } from '../../../src/engine/mapping/lookup';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import type { RunResult } from '../../../src/engine/results/types';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { isLayer } from '../../../src/engine/workload/types';
import { evaluateLayerOnCore } from '../../../src/engine/zigzag';
import { expectOk } from '../../support/result';

const RES = new URL('../../../resources/inputs/', import.meta.url).pathname;

async function inputs() {
  return {
    accelerator: expectOk(loadAcceleratorFile(`${RES}imc/hardware/aimc_tpu_pair.yaml`)),
    workload: expectOk(await loadWorkloadFile(`${RES}stream/testing/workload/2_conv.onnx`, { flavour: 'stream' })),
    mapping: expectOk(loadMappingFile(`${RES}imc/mapping/aimc_tpu_pair_2conv.yaml`)),
  };
}

function parts(r: RunResult) {
  const cn0 = r.schedule.cns.find((c) => c.layerName === 'conv1')!;
  const cn1 = r.schedule.cns.find((c) => c.layerName === 'conv2')!;
  const transfer = r.schedule.transfers.find((t) => t.fromCoreId === 0 && t.toCoreId === 1)!;
  return { cn0, cn1, transfer };
}

describe('an IMC core and a digital core on one time base', () => {
  it('converts the IMC core cycles to system cycles and orders CN, transfer, CN', async () => {
    const input = await inputs();
    const r = await runPipeline({ ...input, options: { mode: 'lbl', allocation: 'fixed' } });
    const tclk = r.clock!.coreClockNs['0']!;
    expect(tclk).toBeCloseTo(14.07244, 5);
    expect(r.clock).toMatchObject({ systemClockNs: 1, coreClockNs: { '1': 1, '2': 1 } });
    expect(r.cores.find((c) => c.coreId === 0)?.clockNs).toBe(tclk);

    // conv1 costed on its own: the IMC core's cycles × tclk / 1 ns, rounded up.
    const layer = input.workload.nodes.filter(isLayer).find((l) => l.name === 'conv1')!;
    const direct = evaluateLayerOnCore(layer, input.accelerator.cores[0]!, lookupMappingEntry(input.mapping, 'conv1', 'Conv'), { lpfLimit: 6 });
    const { cn0, cn1, transfer } = parts(r);
    expect(cn0.coreId).toBe(0);
    expect(cn1.coreId).toBe(1);
    expect(cn0.end - cn0.start).toBe(Math.ceil(direct.latencyTotal2 * tclk));
    expect(transfer.start).toBeGreaterThanOrEqual(cn0.end);
    expect(transfer.sizeBits).toBe(8 * 56 * 56 * 8);
    expect(cn1.start).toBeGreaterThanOrEqual(transfer.end);
    expect(r.latencyCycles).toBeGreaterThanOrEqual(cn1.end);
  });

  it('a slower system clock shortens the IMC core in system cycles and leaves the digital core as it is', async () => {
    const input = await inputs();
    const fast = parts(await runPipeline({ ...input, options: { mode: 'lbl', allocation: 'fixed', system_clock_ns: 1 } }));
    const slowRun = await runPipeline({ ...input, options: { mode: 'lbl', allocation: 'fixed', system_clock_ns: 2 } });
    const slow = parts(slowRun);
    expect(slowRun.clock?.systemClockNs).toBe(2);
    expect(Math.abs((slow.cn0.end - slow.cn0.start) * 2 - (fast.cn0.end - fast.cn0.start))).toBeLessThanOrEqual(2);
    expect(slow.cn1.end - slow.cn1.start).toBe(fast.cn1.end - fast.cn1.start);
  });
});
