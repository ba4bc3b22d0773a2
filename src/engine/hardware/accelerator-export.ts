/** Writes an accelerator back to YAML in its own format, with one core file per distinct core. */
import { toYamlText } from './fields';
import { fail, ok, type InputIssue, type Result } from '../errors';
import { exportCoreYaml } from './core-export';
import type { Accelerator } from './types';

export interface ExportedCoreFile {
  /** Reference as written in the accelerator file, relative to it (e.g. `./cores/tpu_like.yaml`). */
  readonly ref: string;
  readonly text: string;
}

export interface ExportedAccelerator {
  readonly accelerator: string;
  readonly cores: readonly ExportedCoreFile[];
}


function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_') || 'core';
}

/** Exports the accelerator; cores with identical descriptions share one file under `coreDir`. */
export function exportAcceleratorYaml(acc: Accelerator, coreDir = './cores'): Result<ExportedAccelerator> {
  const issues: InputIssue[] = [];
  const files: ExportedCoreFile[] = [];
  const refByText = new Map<string, string>();
  const usedNames = new Set<string>();
  const refs = acc.cores.map((core) => {
    const text = exportCoreYaml(core);
    if (!text.ok) {
      issues.push(...text.issues.map((x) => ({ ...x, field: `cores.${core.id}.${x.field}` })));
      return '';
    }
    const known = refByText.get(text.value);
    if (known) return known;
    let base = safeFileName(core.name);
    for (let i = 2; usedNames.has(base); i++) base = `${safeFileName(core.name)}_${i}`;
    usedNames.add(base);
    const ref = `${coreDir}/${base}.yaml`;
    refByText.set(text.value, ref);
    files.push({ ref, text: text.value });
    return ref;
  });
  if (issues.length > 0) return fail(issues);

  const topo = acc.topology;
  const sharing = acc.coreMemorySharing.map((g) => g.join(', '));
  let data: Record<string, unknown>;
  switch (topo.format) {
    case 'stream-graph':
      data = {
        name: acc.name,
        cores: refs,
        graph: {
          type: topo.graphType,
          ...(topo.nbRows !== null ? { nb_rows: topo.nbRows } : {}),
          ...(topo.nbCols !== null ? { nb_cols: topo.nbCols } : {}),
          bandwidth: topo.bandwidth,
          unit_energy_cost: topo.unitEnergyCost,
          pooling_core_id: topo.poolingCoreId,
          simd_core_id: topo.simdCoreId,
          offchip_core_id: acc.offchipCoreId,
        },
      };
      break;
    case 'stream-pairs': {
      const cores: Record<number, string> = {};
      refs.forEach((ref, id) => {
        if (id !== acc.offchipCoreId) cores[id] = ref;
      });
      data = {
        name: acc.name,
        cores,
        ...(acc.offchipCoreId !== null ? { offchip_core: refs[acc.offchipCoreId] } : {}),
        core_connectivity: topo.connectivity.map((g) => g.join(', ')),
        ...(sharing.length > 0 ? { core_memory_sharing: sharing } : {}),
        bandwidth: topo.bandwidth,
        unit_energy_cost: topo.unitEnergyCost,
      };
      break;
    }
    case 'stream-typed':
      data = {
        name: acc.name,
        cores: Object.fromEntries(refs.map((ref, id) => [id, ref])),
        offchip_core_id: acc.offchipCoreId,
        unit_energy_cost: topo.unitEnergyCost,
        core_connectivity: topo.connectivity.map((c) => ({
          type: c.type,
          cores: [...c.cores],
          bandwidth: c.bandwidth,
          ...(c.unitEnergyCost !== null ? { unit_energy_cost: c.unitEnergyCost } : {}),
        })),
        ...(sharing.length > 0 ? { core_memory_sharing: sharing } : {}),
      };
      break;
  }
  if (acc.technology !== undefined) data.technology = acc.technology;
  return ok({ accelerator: toYamlText(data), cores: files });
}
