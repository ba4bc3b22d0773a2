/**
 * Semantic checks on the hardware model, usable by the importers and by the UI editor (no node imports).
 * Field paths follow the YAML files: `memories.sram_2MB.ports[0].bandwidth_min`, `core_connectivity[2].cores`.
 */
import type { InputIssue } from '../errors';
import { formatPath, type FieldPath } from './fields';
import { PORT_NAME_PATTERN } from './core-yaml';
import { imcOptionProblems } from './imc';
import { topMemoryLevels } from './model';
import { ARRAY_DIM_PATTERN } from './spatial';
import { MEMORY_OPERANDS, type Accelerator, type Core } from './types';

function issueAt(file: string, path: FieldPath, expected: string, found?: string): InputIssue {
  return { file, field: formatPath(path), expected, ...(found !== undefined ? { found } : {}) };
}

const isNonNegative = (x: number) => Number.isFinite(x) && x >= 0;
const isCount = (x: number, min: number) => Number.isInteger(x) && x >= min;

/** Checks one core; `prefix` is prepended to every field path (e.g. `['cores', 2]`). */
export function validateCore(core: Core, file = '<editor>', prefix: FieldPath = []): InputIssue[] {
  const issues: InputIssue[] = [];
  const at = (path: FieldPath, expected: string, found?: unknown) =>
    issues.push(issueAt(file, [...prefix, ...path], expected, found === undefined ? undefined : String(found)));
  if (core.name.trim() === '') at(['name'], 'a non-empty core name', '""');
  const array = core.operationalArray;
  const dimNames = array.dimensions.map((d) => d.name);
  array.dimensions.forEach((d, i) => {
    if (!ARRAY_DIM_PATTERN.test(d.name)) at(['operational_array', 'dimensions', i], 'an array dimension name D1, D2, ...', d.name);
    if (dimNames.indexOf(d.name) !== i) at(['operational_array', 'dimensions', i], 'each dimension once', d.name);
    if (!isCount(d.size, 0)) at(['operational_array', 'sizes', i], 'a non-negative integer size', d.size);
  });
  if (!isNonNegative(array.unitEnergy)) at(['operational_array', 'unit_energy'], 'a non-negative energy per MAC (pJ)', array.unitEnergy);
  if (!isNonNegative(array.unitArea)) at(['operational_array', 'unit_area'], 'a non-negative area', array.unitArea);
  if (core.memories.length === 0) at(['memories'], 'at least one memory');
  if (array.imc) {
    for (const [field, expected] of imcOptionProblems(array.imc, array.dimensions)) at(['operational_array', field], expected);
    const cells = core.memories.find((m) => m.instance.name === 'cells');
    if (!cells) at(['memories'], 'a memory called `cells` holding the weights (required by an IMC array)');
    else {
      if (cells.operands.length !== 1 || cells.operands[0] !== 'I2') at(['memories', 'cells', 'operands'], '[I2]: the IMC cells hold only the weights', cells.operands.join(', '));
      if (cells.servedDimensions.length !== 0) at(['memories', 'cells', 'served_dimensions'], '[] (one cell group per multiplier)', cells.servedDimensions.join(', '));
      const w = array.imc.inputPrecision[1];
      if (cells.instance.sizeBits % w !== 0) at(['memories', 'cells', 'size'], `a multiple of the weight precision (${w} bits)`, cells.instance.sizeBits);
    }
  }
  const names = new Set<string>();
  for (const level of core.memories) {
    const m = level.instance;
    const path = ['memories', m.name];
    if (names.has(m.name)) at(path, 'a memory name used once per core', m.name);
    names.add(m.name);
    if (!isCount(m.sizeBits, 1)) at([...path, 'size'], 'a positive integer number of bits', m.sizeBits);
    if (!isNonNegative(m.readCost)) at([...path, 'r_cost'], 'a non-negative read cost (pJ per access)', m.readCost);
    if (!isNonNegative(m.writeCost)) at([...path, 'w_cost'], 'a non-negative write cost (pJ per access)', m.writeCost);
    if (!isNonNegative(m.area)) at([...path, 'area'], 'a non-negative area', m.area);
    if (!isCount(m.latency, 0)) at([...path, 'latency'], 'a non-negative integer latency (cycles)', m.latency);
    if (level.operands.length === 0) at([...path, 'operands'], 'at least one memory operand (I1, I2, O)');
    level.operands.forEach((op, i) => {
      if (!MEMORY_OPERANDS.includes(op)) at([...path, 'operands', i], 'a memory operand: I1, I2 or O', op);
    });
    level.servedDimensions.forEach((d, i) => {
      if (!dimNames.includes(d)) at([...path, 'served_dimensions', i], `one of the operational array dimensions (${dimNames.join(', ') || 'none'})`, d);
    });
    const portNames = new Set<string>();
    m.ports.forEach((p, i) => {
      const pPath = [...path, 'ports', i];
      if (!PORT_NAME_PATTERN.test(p.name)) at([...pPath, 'name'], 'a port name such as r_port_1, w_port_1 or rw_port_1', p.name);
      if (portNames.has(p.name)) at([...pPath, 'name'], 'a port name unique within the memory', p.name);
      portNames.add(p.name);
      if (!isCount(p.bandwidthMax, 1)) at([...pPath, 'bandwidth_max'], 'a positive integer bandwidth (bits/cycle)', p.bandwidthMax);
      if (!isCount(p.bandwidthMin, 1)) at([...pPath, 'bandwidth_min'], 'a positive integer bandwidth (bits/cycle)', p.bandwidthMin);
      else if (p.bandwidthMin > p.bandwidthMax) at([...pPath, 'bandwidth_min'], `at most bandwidth_max (${p.bandwidthMax})`, p.bandwidthMin);
      p.allocation.forEach((a, j) => {
        if (!level.operands.includes(a.operand)) at([...pPath, 'allocation', j], `an operand held by this memory (${level.operands.join(', ')})`, a.operand);
        const writes = a.direction === 'fh' || a.direction === 'fl';
        if (p.type === 'read' && writes) at([...pPath, 'allocation', j], 'a read direction (tl, th) on a read port', a.direction);
        if (p.type === 'write' && !writes) at([...pPath, 'allocation', j], 'a write direction (fh, fl) on a write port', a.direction);
      });
    });
  }
  if (array.imc && !core.memories.some((l) => l.instance.name === 'cells')) at(['memories'], 'a memory called `cells` (required by an IMC array)');
  return issues;
}

/** Connectivity, off-chip reachability and memory sharing; cores themselves are checked by `validateCore`. */
export function validateAcceleratorTopology(acc: Accelerator, file = '<editor>'): InputIssue[] {
  const issues: InputIssue[] = [];
  const at = (path: FieldPath, expected: string, found?: unknown) =>
    issues.push(issueAt(file, path, expected, found === undefined ? undefined : String(found)));
  const n = acc.cores.length;
  const valid = (id: number) => Number.isInteger(id) && id >= 0 && id < n;
  acc.cores.forEach((c, i) => {
    if (c.id !== i) at(['cores', i], `core ids equal to their position (${i})`, c.id);
  });
  const idRange = `ids of cores in \`cores\` (0..${n - 1})`;
  const topo = acc.topology;
  if (topo.format === 'stream-pairs') {
    topo.connectivity.forEach((g, i) => {
      if (g.length < 2) at(['core_connectivity', i], 'at least two core ids', g.join(', '));
      g.forEach((id) => {
        if (!valid(id)) at(['core_connectivity', i], idRange, id);
        else if (id === acc.offchipCoreId) at(['core_connectivity', i], 'compute core ids (the off-chip core is connected automatically in this format)', id);
      });
    });
  } else if (topo.format === 'stream-typed') {
    topo.connectivity.forEach((c, i) => {
      c.cores.forEach((id, j) => {
        if (!valid(id)) at(['core_connectivity', i, 'cores', j], idRange, id);
      });
      if (new Set(c.cores).size !== c.cores.length) at(['core_connectivity', i, 'cores'], 'distinct core ids', c.cores.join(', '));
      if (c.type === 'link' && c.cores.length !== 2) at(['core_connectivity', i, 'cores'], 'exactly two core ids for a link (use type: bus for more)', c.cores.join(', '));
      if (c.type === 'bus' && c.cores.length < 2) at(['core_connectivity', i, 'cores'], 'at least two core ids', c.cores.join(', '));
      if (!(c.bandwidth > 0)) at(['core_connectivity', i, 'bandwidth'], 'a positive bandwidth (bits/cycle)', c.bandwidth);
    });
  }
  if (acc.offchipCoreId !== null && !valid(acc.offchipCoreId)) {
    at([topo.format === 'stream-typed' ? 'offchip_core_id' : topo.format === 'stream-graph' ? 'graph.offchip_core_id' : 'offchip_core'], idRange, acc.offchipCoreId);
  }
  if (issues.length > 0) return issues;
  for (const link of acc.links) {
    const ends = link.kind === 'link' ? [link.from, link.to] : link.cores;
    if (ends.some((id) => !valid(id))) at(['links', link.id], idRange, ends.join(', '));
  }
  if (issues.length > 0) return issues;

  // Memory sharing: ids exist, groups of ≥ 2, identical top memories, and no explicit connection.
  acc.coreMemorySharing.forEach((group, i) => {
    const path = ['core_memory_sharing', i];
    if (group.length < 2) at(path, 'at least two core ids', group.join(', '));
    const bad = group.filter((id) => !valid(id));
    if (bad.length > 0) {
      at(path, idRange, bad.join(', '));
      return;
    }
    const first = acc.cores[group[0]!]!;
    const topOf = (c: Core) => JSON.stringify(topMemoryLevels(c).map((l) => l.instance));
    for (const id of group.slice(1)) {
      if (topOf(acc.cores[id]!) !== topOf(first)) {
        at(path, `cores with identical top-level memories (core ${first.id} and core ${id} differ; names and all properties must match)`, group.join(', '));
      }
    }
    const declared: readonly (readonly number[])[] =
      topo.format === 'stream-pairs' ? topo.connectivity : topo.format === 'stream-typed' ? topo.connectivity.map((c) => c.cores) : [];
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        if (declared.some((g) => g.includes(group[a]!) && g.includes(group[b]!))) {
          at(path, `no explicit connection between cores sharing memory (${group[a]} and ${group[b]} are in core_connectivity)`, group.join(', '));
        }
      }
    }
  });

  // Every core must be able to reach the off-chip core and be reached from it.
  if (acc.offchipCoreId !== null) {
    const reach = (start: number, forward: boolean) => {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length > 0) {
        const x = queue.shift()!;
        for (const e of acc.edges) {
          const [from, to] = forward ? [e.from, e.to] : [e.to, e.from];
          if (from === x && !seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      return seen;
    };
    const fromOffchip = reach(acc.offchipCoreId, true);
    const toOffchip = reach(acc.offchipCoreId, false);
    const field = topo.format === 'stream-graph' ? 'graph' : 'core_connectivity';
    for (const core of acc.cores) {
      if (core.id === acc.offchipCoreId) continue;
      if (!fromOffchip.has(core.id) || !toOffchip.has(core.id)) {
        at([field], `a connection (direct or through other cores) between core ${core.id} (${core.name}) and the off-chip core ${acc.offchipCoreId}`, `core ${core.id} not connected`);
      }
    }
  }
  return issues;
}

/** Every check on an accelerator: each core's, then the topology's. */
export function validateAccelerator(acc: Accelerator, file = '<editor>'): InputIssue[] {
  const coreIssues = acc.cores.flatMap((core, i) => validateCore(core, file, ['cores', i]));
  return [...coreIssues, ...validateAcceleratorTopology(acc, file)];
}
