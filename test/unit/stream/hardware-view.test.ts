/** The hardware as the scheduler reads it: which cores may read a copy held in each memory instance. */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { HardwareView } from '../../../src/engine/stream/hardware-view';
import { INPUTS } from '../../support/reference';

describe('HardwareView.readsFrom', () => {
  it('lets a core read its own memories, and every core read the off-chip memory', () => {
    const hw = new HardwareView(unwrap(loadAcceleratorFile(`${INPUTS}/stream/examples/hardware/tpu_like_quad_core.yaml`)));
    const readers = hw.memories.map((m, i) => ({
      cores: m.cores,
      readers: Array.from({ length: hw.nCores }, (_, c) => c).filter((c) => hw.readsFrom[i * hw.nCores + c] === 1),
    }));
    const offchip = readers.filter((r) => r.cores.includes(hw.offchipCoreId));
    expect(offchip.length).toBeGreaterThan(0);
    for (const r of offchip) expect(r.readers).toEqual(Array.from({ length: hw.nCores }, (_, c) => c));
    const onChip = readers.filter((r) => !r.cores.includes(hw.offchipCoreId));
    expect(new Set(onChip.flatMap((r) => r.cores)).size, 'every compute core has memories of its own').toBe(hw.nCores - 1);
    for (const r of onChip) expect(r.readers).toEqual(r.cores);
  });
});
