/**
 * Area of cores and accelerators, mm².
 *
 * Core area = Σ memories (area of one instance × instances over the array) + operational array (`unit_area` ×
 * operational units). A memory's area is CACTI's when its costs are automatic (resolve them first with
 * `resolveMemoryCosts`), else the file's `area`, read as mm²; a given area of 0 is *missing* (most shipped files
 * write 0 for "unknown"): it is reported as missing and left out of the totals, never added as 0. A `unit_area`
 * of 0 or absent takes the documented per-node default below (scaled from 22 nm by the square of the node).
 * Accelerator area = the on-chip cores (memories shared through `core_memory_sharing` counted once); the
 * off-chip core is reported on its own.
 */
import { DEFAULT_TECHNOLOGY_NM } from './memory-costs';
import { totalUnitCount } from './model';
import type { Accelerator, Core } from './types';

/**
 * Default area of one operational unit (an 8-bit MAC with its accumulator), mm², at 22 nm: 100 µm². An
 * order-of-magnitude figure used only when the file gives none; other nodes scale it by (node / 22)².
 */
export const DEFAULT_UNIT_AREA_MM2_AT_22NM = 1e-4;

export function defaultUnitArea(technologyNm: number): number {
  return DEFAULT_UNIT_AREA_MM2_AT_22NM * (technologyNm / 22) ** 2;
}

export type AreaSource = 'cacti' | 'given' | 'default' | 'missing';

export interface MemoryArea {
  readonly memory: string;
  readonly instances: number;
  /** One instance, mm²; null when missing. */
  readonly areaEach: number | null;
  /** All instances, mm²; null when missing. */
  readonly total: number | null;
  readonly source: AreaSource;
}

export interface CoreArea {
  readonly coreId: number;
  readonly coreName: string;
  readonly memories: readonly MemoryArea[];
  readonly operationalArray: {
    readonly units: number;
    readonly unitArea: number;
    readonly total: number;
    readonly source: 'given' | 'default';
  };
  /** Sum of the figures present, mm². */
  readonly total: number;
  /** Memories whose area is missing (not counted in `total`). */
  readonly missing: readonly string[];
}

export interface AcceleratorArea {
  readonly unit: 'mm²';
  readonly cores: readonly CoreArea[];
  /** On-chip cores, shared memories counted once, mm². */
  readonly total: number;
  readonly offchip: CoreArea | null;
  /** `core name: memory` for every missing memory area on chip. */
  readonly missing: readonly string[];
}

export function coreArea(core: Core, designTechnologyNm?: number): CoreArea {
  const memories: MemoryArea[] = core.memories.map((level) => {
    const m = level.instance;
    const instances = level.unrollCount;
    if (m.autoCostExtraction) return { memory: m.name, instances, areaEach: m.area, total: m.area * instances, source: 'cacti' };
    if (m.area > 0) return { memory: m.name, instances, areaEach: m.area, total: m.area * instances, source: 'given' };
    return { memory: m.name, instances, areaEach: null, total: null, source: 'missing' };
  });
  const units = totalUnitCount(core.operationalArray);
  const given = core.operationalArray.unitArea > 0 || units === 0;
  const unitArea = given ? core.operationalArray.unitArea : defaultUnitArea(core.technology ?? designTechnologyNm ?? DEFAULT_TECHNOLOGY_NM);
  const arrayTotal = units * unitArea;
  const memTotal = memories.reduce((s, m) => s + (m.total ?? 0), 0);
  return {
    coreId: core.id,
    coreName: core.name,
    memories,
    operationalArray: { units, unitArea, total: arrayTotal, source: given ? 'given' : 'default' },
    total: memTotal + arrayTotal,
    missing: memories.filter((m) => m.source === 'missing').map((m) => m.memory),
  };
}

export function acceleratorArea(accelerator: Accelerator): AcceleratorArea {
  const cores: CoreArea[] = [];
  let offchip: CoreArea | null = null;
  let total = 0;
  const missing: string[] = [];
  const countedShared = new Set<string>();
  for (const core of accelerator.cores) {
    const area = coreArea(core, accelerator.technology);
    if (core.id === accelerator.offchipCoreId) {
      offchip = area;
      continue;
    }
    cores.push(area);
    // Cores sharing their top memories (core_memory_sharing) hold them once on the die.
    let shared = 0;
    if (core.sharedMemoryGroupId !== core.id || accelerator.cores.some((c) => c.id !== core.id && c.sharedMemoryGroupId === core.sharedMemoryGroupId)) {
      for (const level of core.memories) {
        const isTop = level.operands.every((op) => core.hierarchy[op][core.hierarchy[op].length - 1] === level);
        if (!isTop) continue;
        const key = `${core.sharedMemoryGroupId}/${level.instance.name}`;
        const row = area.memories.find((m) => m.memory === level.instance.name);
        if (countedShared.has(key)) shared += row?.total ?? 0;
        countedShared.add(key);
      }
    }
    total += area.total - shared;
    missing.push(...area.missing.map((m) => `${core.name}: ${m}`));
  }
  return { unit: 'mm²', cores, total, offchip, missing };
}

/** An area in mm², as every view prints it: 0.1 mm² resolution from 100 mm², 3 decimals from 1 mm², else 4 digits. */
export const formatMm2 = (v: number): string => (v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(4));

/** Text lines for the CLI (`run`, `inspect`): per core, the accelerator total, and missing figures as missing. */
export function areaLines(area: AcceleratorArea): string[] {
  const lines = [`area           ${formatMm2(area.total)} mm² on chip${area.missing.length > 0 ? ` (without ${area.missing.length} missing memory area${area.missing.length > 1 ? 's' : ''})` : ''}`];
  const row = (c: CoreArea, label: string) => {
    const mems = c.memories.map((m) => `${m.memory} ${m.total === null ? 'missing' : `${formatMm2(m.total)}${m.source === 'cacti' ? ' (CACTI)' : ''}`}`).join(', ');
    const arr = `array ${formatMm2(c.operationalArray.total)}${c.operationalArray.source === 'default' ? ' (default unit area)' : ''}`;
    return `  ${label.padEnd(12)} ${formatMm2(c.total)} mm²: ${arr}; ${mems}`;
  };
  for (const c of area.cores) lines.push(row(c, `core ${c.coreId}`));
  if (area.offchip) lines.push(row(area.offchip, 'off-chip'));
  return lines;
}

/** The `--json` shape (snake_case keys, mm²; a missing area is null). */
export function areaJson(area: AcceleratorArea): Record<string, unknown> {
  const core = (c: CoreArea) => ({
    core_id: c.coreId,
    name: c.coreName,
    total_mm2: c.total,
    operational_array: { units: c.operationalArray.units, unit_area_mm2: c.operationalArray.unitArea, total_mm2: c.operationalArray.total, source: c.operationalArray.source },
    memories: c.memories.map((m) => ({ name: m.memory, instances: m.instances, area_each_mm2: m.areaEach, total_mm2: m.total, source: m.source })),
    missing: c.missing,
  });
  return { unit: 'mm2', total_mm2: area.total, cores: area.cores.map(core), offchip: area.offchip ? core(area.offchip) : null, missing: area.missing };
}
