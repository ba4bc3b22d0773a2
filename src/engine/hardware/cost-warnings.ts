/**
 * Cost figures that are present but zero, which silently make a part of the design free: link energy per bit
 * per hop (`unit_energy_cost` of a link or bus; the default model charges it per bit and link traversed, see
 * docs/differences.md row 5) and the off-chip energy per access (`r_cost`/`w_cost` of the off-chip core's
 * memories). Reported as warnings (the design stays valid): the editor lists them and `inspect` prints them.
 */
import type { InputIssue } from '../errors';
import type { Accelerator } from './types';

export function costWarnings(acc: Accelerator, file = '<editor>'): InputIssue[] {
  const warnings: InputIssue[] = [];
  const topo = acc.topology;
  const zeroLinks = acc.links.filter((l) => l.unitEnergyCost === 0);
  if (zeroLinks.length > 0) {
    const field =
      topo.format === 'stream-graph'
        ? 'graph.unit_energy_cost'
        : topo.format === 'stream-typed' && topo.connectivity.some((c) => c.unitEnergyCost !== null)
          ? 'core_connectivity'
          : 'unit_energy_cost';
    warnings.push({
      file,
      field,
      expected: 'a link energy per bit per hop > 0 pJ (0 makes every core-to-core and off-chip transfer free of link energy)',
      found: `${zeroLinks.length} of ${acc.links.length} links/buses at 0 pJ`,
    });
  }
  const offchip = acc.offchipCoreId === null ? undefined : acc.cores.find((c) => c.id === acc.offchipCoreId);
  for (const level of offchip?.memories ?? []) {
    const m = level.instance;
    if (m.autoCostExtraction) continue;
    for (const [key, value] of [['r_cost', m.readCost], ['w_cost', m.writeCost]] as const) {
      if (value === 0) {
        warnings.push({
          file,
          field: `cores[${offchip!.id}].memories.${m.name}.${key}`,
          expected: `an off-chip energy per access > 0 pJ (${key === 'r_cost' ? 'reads from' : 'writes to'} ${m.name} cost nothing)`,
          found: '0',
        });
      }
    }
  }
  return warnings;
}
