import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { isReferenceCompat, layerCompat, parseStreamOptions } from '../../../src/engine/stream/options';
import { withReferenceTopology } from '../../../src/engine/stream/reference-topology';
import { referenceEra } from '../../../src/engine/stream/stages';
import { TUTORIAL } from '../../support/reference';

const shipped = () => unwrap(loadAcceleratorFile(`${TUTORIAL}/lab1/hardware/hda_bus.yaml`));

function linkOf(acc: Accelerator, from: number, to: number) {
  const edge = acc.edges.find((e) => e.from === from && e.to === to);
  return edge === undefined ? undefined : acc.links[edge.linkId];
}

describe('compat reference reads a typed accelerator the way ed4e12ef connects hardware', () => {
  it('keeps the on-chip part of each bus and gives the off-chip core its own links', () => {
    const acc = withReferenceTopology(shipped());
    expect(acc.offchipCoreId).toBe(3);
    for (const [a, b] of [[0, 1], [1, 2], [0, 2]]) {
      for (const [x, y] of [[a, b], [b, a]]) {
        const l = linkOf(acc, x!, y!)!;
        expect(l.kind === 'bus' && l.role === 'declared' && !l.cores.includes(3)).toBe(true);
        expect(l.bandwidth).toBe(32);
      }
    }
    for (const id of [0, 1, 2]) {
      for (const l of [linkOf(acc, id, 3)!, linkOf(acc, 3, id)!]) expect(l.kind === 'bus' && l.role !== 'declared').toBe(true);
    }
    expect(acc.edges.filter((e) => e.from === 3 || e.to === 3)).toHaveLength(6);
    acc.links.forEach((l, i) => expect(l.id).toBe(i));
  });

  it('leaves the importer reading and older formats alone', () => {
    const acc = shipped();
    const bus = linkOf(acc, 0, 3)!;
    expect(bus.kind === 'bus' && bus.role === 'declared' && bus.bandwidth === 32).toBe(true);
    const older = { ...acc, topology: { format: 'stream-pairs' as const, connectivity: [[0, 1, 2]], bandwidth: 32, unitEnergyCost: 0 } };
    expect(withReferenceTopology(older)).toBe(older);
  });
});

describe('compat modes', () => {
  it('"reference" is always the 2024 reference; "reference-2025" the 2025 one on typed files', () => {
    const acc = shipped();
    const older = { ...acc, topology: { format: 'stream-pairs' as const, connectivity: [[0, 1, 2]], bandwidth: 32, unitEnergyCost: 0 } };
    expect(referenceEra({ compat: 'reference' }, acc)).toBe(2024);
    expect(referenceEra({ compat: 'reference' }, older)).toBe(2024);
    expect(referenceEra({ compat: 'reference-2025' }, acc)).toBe(2025);
    expect(referenceEra({ compat: 'reference-2025' }, older)).toBe(2024);
    expect(referenceEra({ compat: 'default' }, acc)).toBeNull();
  });

  it('both reference modes are reference quirks for the workload and cost-model layers', () => {
    expect(parseStreamOptions({ compat: 'reference-2025' }).compat).toBe('reference-2025');
    expect([isReferenceCompat('reference'), isReferenceCompat('reference-2025'), isReferenceCompat('default')]).toEqual([true, true, false]);
    expect([layerCompat('reference'), layerCompat('reference-2025'), layerCompat('default')]).toEqual(['reference', 'reference', 'default']);
  });
});
