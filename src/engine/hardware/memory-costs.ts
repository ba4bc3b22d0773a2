/**
 * Automatic memory costs: every memory with `auto_cost_extraction: true` gets its read energy, write energy and
 * area from CACTI (the committed table, or a direct run: cacti-costs.ts) for its current size, read bandwidth, port counts and technology node, as ZigZag
 * 3.8.0 gets them from CACTI. Applied whenever a design is evaluated (Stream pipeline, `cost`), so an edit or a
 * sweep that changes a memory's size, width or ports moves its costs with it. A memory whose costs cannot be
 * computed fails the run with an issue naming it: never a silent 0.
 *
 * ZigZag's conventions, kept: the CACTI width is the read bandwidth (`r_bw`: the widest read or read/write
 * port); `mem_type: rf` is looked up as an SRAM of 128 × the size (as ZigZag 3.8.0 converts it); `dram` (CACTI
 * "main memory") is not in the table. Technology: the memory's `technology`, else its core's, else the
 * accelerator's, else 22 nm.
 *
 * A table grid point is a lookup (microseconds); any other configuration is a direct CACTI run in WebAssembly
 * where the module is installed (cacti-costs.ts; memoised per configuration in the process), else the table's
 * interpolation. The resolved costs are part of the core the cost LUT is keyed by, so LUT entries follow them.
 */
import type { InputIssue, Result } from '../errors';
import { fail, ok } from '../errors';
import { type CactiCost, type CactiQuery, type CactiTable } from './cacti';
import { priceCacti } from './cacti-costs';
import { buildCore, memoryBandwidth } from './model';
import type { Accelerator, Core, MemoryInstance } from './types';

export const DEFAULT_TECHNOLOGY_NM = 22;

export interface MemoryCostContext {
  /** Source name used in issues (the core or accelerator file, or "<editor>"). */
  readonly file: string;
  /** Field prefix of the core in that file, e.g. `cores.1.` ('' for a core file). */
  readonly fieldPrefix?: string;
  readonly coreTechnology?: number;
  readonly designTechnology?: number;
}

/** The CACTI query for a memory (port counts, width, node), or an issue when its type is not covered. */
export function cactiQueryOf(memory: MemoryInstance, ctx: Omit<MemoryCostContext, 'file' | 'fieldPrefix'> = {}): { ok: true; query: CactiQuery } | { ok: false; reason: string } {
  const count = (t: string) => memory.ports.filter((p) => p.type === t).length;
  // A memory without a port that reads (an unfinished editor design) is priced at its widest port.
  const width = memoryBandwidth(memory, 'read') ?? Math.max(0, ...memory.ports.map((p) => p.bandwidthMax));
  let sizeBits = memory.sizeBits;
  const type = memory.memType.toLowerCase();
  if (type === 'rf') sizeBits *= 128;
  else if (type !== 'sram') {
    return { ok: false, reason: `mem_type "${memory.memType}" has no CACTI figures here (the table holds CACTI scratchpad SRAMs: mem_type sram, or rf as ZigZag maps it); give r_cost, w_cost and area instead` };
  }
  return {
    ok: true,
    query: {
      sizeBits,
      widthBits: width,
      readPorts: count('read'),
      writePorts: count('write'),
      readWritePorts: count('read_write'),
      technologyNm: memory.technology ?? ctx.coreTechnology ?? ctx.designTechnology ?? DEFAULT_TECHNOLOGY_NM,
    },
  };
}

/** CACTI costs of one memory, or the reason they cannot be computed. */
export function cactiCostOf(table: CactiTable, memory: MemoryInstance, ctx: Omit<MemoryCostContext, 'file' | 'fieldPrefix'> = {}): { ok: true; cost: CactiCost } | { ok: false; reason: string } {
  const q = cactiQueryOf(memory, ctx);
  if (!q.ok) return q;
  return priceCacti(table, q.query);
}

/** The core with every automatic-cost memory priced from the table; issues name each memory that cannot be. */
export function resolveCoreMemoryCosts(core: Core, table: CactiTable, ctx: MemoryCostContext): Result<Core> {
  if (!core.memories.some((m) => m.instance.autoCostExtraction)) return ok(core);
  const issues: InputIssue[] = [];
  const memories = core.memories.map((level) => {
    const m = level.instance;
    if (!m.autoCostExtraction) return { instance: m, operands: level.operands, servedDimensions: level.servedDimensions };
    const res = cactiCostOf(table, m, { coreTechnology: core.technology ?? ctx.coreTechnology, designTechnology: ctx.designTechnology });
    if (!res.ok) {
      issues.push({
        file: ctx.file,
        field: `${ctx.fieldPrefix ?? ''}memories.${m.name}`,
        expected: `memory costs from CACTI for ${m.name} (core ${core.name}; auto_cost_extraction is true)`,
        found: res.reason,
      });
      return { instance: m, operands: level.operands, servedDimensions: level.servedDimensions };
    }
    const instance: MemoryInstance = { ...m, readCost: res.cost.readEnergy, writeCost: res.cost.writeEnergy, area: res.cost.area };
    return { instance, operands: level.operands, servedDimensions: level.servedDimensions };
  });
  if (issues.length > 0) return fail(issues);
  return ok(
    buildCore({
      id: core.id,
      name: core.name,
      type: core.type,
      operationalArray: core.operationalArray,
      memories,
      ...(core.dataflows ? { dataflows: core.dataflows } : {}),
      sharedMemoryGroupId: core.sharedMemoryGroupId,
      format: core.format,
      ...(core.technology !== undefined ? { technology: core.technology } : {}),
      ...(core.importNotices ? { importNotices: core.importNotices } : {}),
    }),
  );
}

/** The accelerator with every core's automatic-cost memories priced (issues for all failing memories). */
export function resolveMemoryCosts(accelerator: Accelerator, table: CactiTable, file = accelerator.name): Result<Accelerator> {
  if (!accelerator.cores.some((c) => c.memories.some((m) => m.instance.autoCostExtraction))) return ok(accelerator);
  const issues: InputIssue[] = [];
  const cores = accelerator.cores.map((core) => {
    const r = resolveCoreMemoryCosts(core, table, {
      file: accelerator.coreFiles[core.id] ?? file,
      fieldPrefix: accelerator.coreFiles[core.id] ? '' : `cores.${core.id}.`,
      ...(accelerator.technology !== undefined ? { designTechnology: accelerator.technology } : {}),
    });
    if (!r.ok) {
      issues.push(...r.issues);
      return core;
    }
    return r.value;
  });
  if (issues.length > 0) return fail(issues);
  return ok({ ...accelerator, cores });
}
