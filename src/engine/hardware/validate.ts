/**
 * Semantic checks on the hardware model, the one validator of the importers, the API and the hardware editor
 * (no node imports; the renderer calls it directly). `validateCore`/`validateAccelerator` name fields as the
 * YAML files do (`memories.sram_2MB.ports[0].bandwidth_min`, `core_connectivity[2].cores`); `validateDesign`
 * names the same values by their path in the `Accelerator` document, for the editor's inputs.
 */
import type { InputIssue } from '../errors';
import { formatPath, type FieldPath } from './fields';
import { PORT_NAME_PATTERN } from './core-yaml';
import { imcOptionProblems } from './imc';
import { computeCores, isComputeCore, topMemoryLevels } from './model';
import { ARRAY_DIM_PATTERN, LOOP_DIM_PATTERN } from './spatial';
import { MEMORY_OPERANDS, type Accelerator, type Core } from './types';

/**
 * Where an issue is: `yaml` is the path in the accelerator/core files (what importers and the CLI report),
 * `doc` the path of the same value in the `Accelerator` document (what the hardware editor edits, e.g.
 * `cores[1].memories[0].instance.sizeBits`). Every check names both, so one validator serves both.
 */
type Report = (yaml: FieldPath, doc: FieldPath, expected: string, found?: unknown) => void;

function collector(file: string, style: 'yaml' | 'doc', issues: InputIssue[]): Report {
  return (yaml, doc, expected, found) =>
    issues.push({ file, field: formatPath(style === 'yaml' ? yaml : doc), expected, ...(found !== undefined ? { found: String(found) } : {}) });
}

const isNonNegative = (x: number) => Number.isFinite(x) && x >= 0;
const isCount = (x: number, min: number) => Number.isInteger(x) && x >= min;

/** Document names of the IMC option fields `imcOptionProblems` reports by their YAML names. */
const IMC_DOC_FIELD: Readonly<Record<string, string>> = {
  input_precision: 'inputPrecision',
  bit_serial_precision: 'bitSerialPrecision',
  adc_resolution: 'adcResolution',
};

function checkCore(core: Core, at: Report, yamlPrefix: FieldPath, docPrefix: FieldPath): void {
  const report = (yaml: FieldPath, doc: FieldPath, expected: string, found?: unknown) => at([...yamlPrefix, ...yaml], [...docPrefix, ...doc], expected, found);
  if (core.name.trim() === '') report(['name'], ['name'], 'a non-empty core name', '""');
  const array = core.operationalArray;
  const dimNames = array.dimensions.map((d) => d.name);
  const arrayDoc = ['operationalArray'];
  array.dimensions.forEach((d, i) => {
    const dimDoc = [...arrayDoc, 'dimensions', i];
    if (!ARRAY_DIM_PATTERN.test(d.name)) report(['operational_array', 'dimensions', i], [...dimDoc, 'name'], 'an array dimension name D1, D2, ...', d.name);
    if (dimNames.indexOf(d.name) !== i) report(['operational_array', 'dimensions', i], [...dimDoc, 'name'], 'each dimension once', d.name);
    if (!isCount(d.size, 0)) report(['operational_array', 'sizes', i], [...dimDoc, 'size'], 'a non-negative integer size', d.size);
  });
  if (!isNonNegative(array.unitEnergy)) report(['operational_array', 'unit_energy'], [...arrayDoc, 'unitEnergy'], 'a non-negative energy per MAC (pJ)', array.unitEnergy);
  if (!isNonNegative(array.unitArea)) report(['operational_array', 'unit_area'], [...arrayDoc, 'unitArea'], 'a non-negative area', array.unitArea);
  if (core.memories.length === 0) report(['memories'], ['memories'], 'at least one memory');
  // The same rules as the core file reader (spatial.ts, core-yaml.ts), for designs made in the editor or the API.
  for (const [dim, unrollings] of Object.entries(core.dataflows ?? {})) {
    if (!dimNames.includes(dim)) report(['dataflows', dim], ['dataflows', dim], `one of the operational array dimensions (${dimNames.join(', ')})`, dim);
    unrollings.forEach((u, i) => {
      if (!LOOP_DIM_PATTERN.test(u.loopDim)) report(['dataflows', dim, i], ['dataflows', dim, i, 'loopDim'], 'a loop dimension name such as K', u.loopDim);
      if (!isCount(u.factor, 1)) report(['dataflows', dim, i], ['dataflows', dim, i, 'factor'], 'a positive integer unrolling factor', u.factor);
    });
  }
  if (array.imc) {
    for (const [field, expected] of imcOptionProblems(array.imc, array.dimensions)) {
      report(['operational_array', field], [...arrayDoc, 'imc', IMC_DOC_FIELD[field] ?? field], expected);
    }
    const cellsAt = core.memories.findIndex((m) => m.instance.name === 'cells');
    const cells = core.memories[cellsAt];
    if (!cells) report(['memories'], ['memories'], 'a memory called `cells` holding the weights (required by an IMC array)');
    else {
      const doc = ['memories', cellsAt];
      if (cells.operands.length !== 1 || cells.operands[0] !== 'I2') report(['memories', 'cells', 'operands'], [...doc, 'operands'], '[I2]: the IMC cells hold only the weights', cells.operands.join(', '));
      if (cells.servedDimensions.length !== 0) report(['memories', 'cells', 'served_dimensions'], [...doc, 'servedDimensions'], '[] (one cell group per multiplier)', cells.servedDimensions.join(', '));
      const w = array.imc.inputPrecision[1];
      if (cells.instance.sizeBits % w !== 0) report(['memories', 'cells', 'size'], [...doc, 'instance', 'sizeBits'], `a multiple of the weight precision (${w} bits)`, cells.instance.sizeBits);
    }
  }
  const names = new Set<string>();
  core.memories.forEach((level, index) => {
    const m = level.instance;
    const path = ['memories', m.name];
    const doc = ['memories', index];
    const inst = [...doc, 'instance'];
    if (m.name.trim() === '') report(['memories', index], [...inst, 'name'], 'a non-empty memory name', '""');
    else if (names.has(m.name)) report(path, [...inst, 'name'], 'a memory name used once per core', m.name);
    names.add(m.name);
    if (!isCount(m.sizeBits, 1)) report([...path, 'size'], [...inst, 'sizeBits'], 'a positive integer number of bits', m.sizeBits);
    if (!isNonNegative(m.readCost)) report([...path, 'r_cost'], [...inst, 'readCost'], 'a non-negative read cost (pJ per access)', m.readCost);
    if (!isNonNegative(m.writeCost)) report([...path, 'w_cost'], [...inst, 'writeCost'], 'a non-negative write cost (pJ per access)', m.writeCost);
    if (!isNonNegative(m.area)) report([...path, 'area'], [...inst, 'area'], 'a non-negative area', m.area);
    if (!isCount(m.latency, 0)) report([...path, 'latency'], [...inst, 'latency'], 'a non-negative integer latency (cycles)', m.latency);
    if (level.operands.length === 0) report([...path, 'operands'], [...doc, 'operands'], 'at least one memory operand (I1, I2, O)');
    level.operands.forEach((op, i) => {
      if (!MEMORY_OPERANDS.includes(op)) report([...path, 'operands', i], [...doc, 'operands', i], 'a memory operand: I1, I2 or O', op);
    });
    level.servedDimensions.forEach((d, i) => {
      if (!dimNames.includes(d)) report([...path, 'served_dimensions', i], [...doc, 'servedDimensions', i], `one of the operational array dimensions (${dimNames.join(', ') || 'none'})`, d);
    });
    const portNames = new Set<string>();
    m.ports.forEach((p, i) => {
      const pPath = [...path, 'ports', i];
      const pDoc = [...inst, 'ports', i];
      if (!PORT_NAME_PATTERN.test(p.name)) report([...pPath, 'name'], [...pDoc, 'name'], 'a port name such as r_port_1, w_port_1 or rw_port_1', p.name);
      if (portNames.has(p.name)) report([...pPath, 'name'], [...pDoc, 'name'], 'a port name unique within the memory', p.name);
      portNames.add(p.name);
      if (!isCount(p.bandwidthMax, 1)) report([...pPath, 'bandwidth_max'], [...pDoc, 'bandwidthMax'], 'a positive integer bandwidth (bits/cycle)', p.bandwidthMax);
      if (!isCount(p.bandwidthMin, 1)) report([...pPath, 'bandwidth_min'], [...pDoc, 'bandwidthMin'], 'a positive integer bandwidth (bits/cycle)', p.bandwidthMin);
      else if (p.bandwidthMin > p.bandwidthMax) report([...pPath, 'bandwidth_min'], [...pDoc, 'bandwidthMin'], `at most bandwidth_max (${p.bandwidthMax})`, p.bandwidthMin);
      p.allocation.forEach((a, j) => {
        const aPath = [...pPath, 'allocation', j];
        const aDoc = [...pDoc, 'allocation', j];
        if (!level.operands.includes(a.operand)) report(aPath, aDoc, `an operand held by this memory (${level.operands.join(', ')})`, a.operand);
        const writes = a.direction === 'fh' || a.direction === 'fl';
        if (p.type === 'read' && writes) report(aPath, aDoc, 'a read direction (tl, th) on a read port', a.direction);
        if (p.type === 'write' && !writes) report(aPath, aDoc, 'a write direction (fh, fl) on a write port', a.direction);
      });
    });
  });
}

/** Checks one core; `prefix` is prepended to every field path (e.g. `['cores', 2]`). Paths as in the core file. */
export function validateCore(core: Core, file = '<editor>', prefix: FieldPath = []): InputIssue[] {
  const issues: InputIssue[] = [];
  checkCore(core, collector(file, 'yaml', issues), prefix, prefix);
  return issues;
}

/** The topology as declared in the accelerator file (paths as in that file). */
function checkDeclaredTopology(acc: Accelerator, at: Report): void {
  const n = acc.cores.length;
  const valid = (id: number) => Number.isInteger(id) && id >= 0 && id < n;
  const idRange = `ids of cores in \`cores\` (0..${n - 1})`;
  const topo = acc.topology;
  if (topo.format === 'stream-pairs') {
    topo.connectivity.forEach((g, i) => {
      const path = ['core_connectivity', i];
      const doc = ['topology', 'connectivity', i];
      if (g.length < 2) at(path, doc, 'at least two core ids', g.join(', '));
      g.forEach((id) => {
        if (!valid(id)) at(path, doc, idRange, id);
        else if (id === acc.offchipCoreId) at(path, doc, 'compute core ids (the off-chip core is connected automatically in this format)', id);
      });
    });
  } else if (topo.format === 'stream-typed') {
    topo.connectivity.forEach((c, i) => {
      const path = ['core_connectivity', i];
      const doc = ['topology', 'connectivity', i];
      c.cores.forEach((id, j) => {
        if (!valid(id)) at([...path, 'cores', j], [...doc, 'cores', j], idRange, id);
      });
      if (new Set(c.cores).size !== c.cores.length) at([...path, 'cores'], [...doc, 'cores'], 'distinct core ids', c.cores.join(', '));
      if (c.type === 'link' && c.cores.length !== 2) at([...path, 'cores'], [...doc, 'cores'], 'exactly two core ids for a link (use type: bus for more)', c.cores.join(', '));
      if (c.type === 'bus' && c.cores.length < 2) at([...path, 'cores'], [...doc, 'cores'], 'at least two core ids', c.cores.join(', '));
      if (!(c.bandwidth > 0)) at([...path, 'bandwidth'], [...doc, 'bandwidth'], 'a positive bandwidth (bits/cycle)', c.bandwidth);
    });
  }
}

/** Core ids equal to their position and an off-chip id in range; false when ids are unusable. */
function checkCoreIds(acc: Accelerator, at: Report): boolean {
  const n = acc.cores.length;
  const valid = (id: number) => Number.isInteger(id) && id >= 0 && id < n;
  let ok = true;
  acc.cores.forEach((c, i) => {
    if (c.id !== i) {
      at(['cores', i], ['cores', i, 'id'], `core ids equal to their position (${i})`, c.id);
      ok = false;
    }
  });
  if (acc.offchipCoreId !== null && !valid(acc.offchipCoreId)) {
    const format = acc.topology.format;
    at([format === 'stream-typed' ? 'offchip_core_id' : format === 'stream-graph' ? 'graph.offchip_core_id' : 'offchip_core'], ['offchipCoreId'], `ids of cores in \`cores\` (0..${n - 1})`, acc.offchipCoreId);
    ok = false;
  }
  return ok;
}

/** Link ends, memory sharing and off-chip reachability of the built model. */
function checkConnections(acc: Accelerator, at: Report, linkChecks: boolean): void {
  const n = acc.cores.length;
  const valid = (id: number) => Number.isInteger(id) && id >= 0 && id < n;
  const idRange = `ids of cores in \`cores\` (0..${n - 1})`;
  let badEnds = false;
  acc.links.forEach((link, index) => {
    const ends = link.kind === 'link' ? [link.from, link.to] : link.cores;
    const doc = ['links', index];
    if (ends.some((id) => !valid(id))) {
      at(['links', link.id], [...doc, 'cores'], idRange, ends.join(', '));
      badEnds = true;
    }
    if (!linkChecks) return;
    // The document's own links (the editor edits these; the files declare them through `core_connectivity`).
    if (!(link.bandwidth > 0)) at(['links', link.id, 'bandwidth'], [...doc, 'bandwidth'], 'a positive bandwidth (bits/cycle)', link.bandwidth);
    if (!isNonNegative(link.unitEnergyCost)) at(['links', link.id, 'unit_energy_cost'], [...doc, 'unitEnergyCost'], 'a non-negative energy per active cycle (pJ)', link.unitEnergyCost);
    if (link.kind === 'bus' && link.cores.length < 2) at(['links', link.id, 'cores'], [...doc, 'cores'], 'a bus with at least two cores', link.cores.length);
  });
  if (badEnds) return;

  // Memory sharing: ids exist, groups of ≥ 2, identical top memories, and no explicit connection.
  const topo = acc.topology;
  acc.coreMemorySharing.forEach((group, i) => {
    const path = ['core_memory_sharing', i];
    const doc = ['coreMemorySharing', i];
    if (group.length < 2) at(path, doc, 'at least two core ids', group.join(', '));
    const bad = group.filter((id) => !valid(id));
    if (bad.length > 0) {
      at(path, doc, idRange, bad.join(', '));
      return;
    }
    const first = acc.cores[group[0]!]!;
    const topOf = (c: Core) => JSON.stringify(topMemoryLevels(c).map((l) => l.instance));
    for (const id of group.slice(1)) {
      if (topOf(acc.cores[id]!) !== topOf(first)) {
        at(path, doc, `cores with identical top-level memories (core ${first.id} and core ${id} differ; names and all properties must match)`, group.join(', '));
      }
    }
    const declared: readonly (readonly number[])[] =
      topo.format === 'stream-pairs' ? topo.connectivity : topo.format === 'stream-typed' ? topo.connectivity.map((c) => c.cores) : [];
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        if (declared.some((g) => g.includes(group[a]!) && g.includes(group[b]!))) {
          at(path, doc, `no explicit connection between cores sharing memory (${group[a]} and ${group[b]} are in core_connectivity)`, group.join(', '));
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
        at([field], ['cores', core.id], `a connection (direct or through other cores) between core ${core.id} (${core.name}) and the off-chip core ${acc.offchipCoreId}`, `core ${core.id} not connected`);
      }
    }
  }
}

/** Connectivity, off-chip reachability and memory sharing; cores themselves are checked by `validateCore`. */
export function validateAcceleratorTopology(acc: Accelerator, file = '<editor>'): InputIssue[] {
  const issues: InputIssue[] = [];
  const at = collector(file, 'yaml', issues);
  checkCoreIds(acc, at);
  checkDeclaredTopology(acc, at);
  if (issues.length > 0) return issues;
  checkConnections(acc, at, false);
  return issues;
}

/** Every check on an accelerator: each core's, then the topology's. Paths as in the accelerator files. */
export function validateAccelerator(acc: Accelerator, file = '<editor>'): InputIssue[] {
  const coreIssues = acc.cores.flatMap((core, i) => validateCore(core, file, ['cores', i]));
  return [...coreIssues, ...validateAcceleratorTopology(acc, file)];
}

/**
 * Every check on a design as the hardware editor holds it, with field paths into the `Accelerator` document
 * (`cores[1].memories[0].instance.sizeBits`, `links[2].bandwidth`, `offchipCoreId`) so the editor can show
 * each issue beside its input. The same core and connection checks as `validateAccelerator`, with links
 * checked as the document holds them (the editor regenerates the declared topology from them), plus what a
 * design needs before it can run: a name, a compute core, an off-chip core, every operand held by a compute core
 * and non-empty array dimensions. Core names may repeat: Stream files reuse one core file for identical cores, and
 * cores are told apart by id everywhere.
 */
export function validateDesign(acc: Accelerator, file = '<editor>'): InputIssue[] {
  const issues: InputIssue[] = [];
  const at = collector(file, 'doc', issues);
  if (acc.name.trim() === '') at(['name'], ['name'], 'a design name', '""');
  if (computeCores(acc).length === 0) at(['cores'], ['cores'], 'at least one compute core');
  if (acc.offchipCoreId === null) at(['offchip_core_id'], ['offchipCoreId'], 'an off-chip core (a memory core holding the DRAM)');
  acc.cores.forEach((core, i) => {
    checkCore(core, at, ['cores', i], ['cores', i]);
    if (!isComputeCore(acc, core)) return;
    core.operationalArray.dimensions.forEach((d, k) => {
      if (d.size === 0) at(['cores', i, 'operational_array', 'sizes', k], ['cores', i, 'operationalArray', 'dimensions', k, 'size'], 'a positive size on a compute core', d.size);
    });
    for (const operand of MEMORY_OPERANDS) {
      if (core.memories.length > 0 && core.hierarchy[operand].length === 0) at(['cores', i, 'memories'], ['cores', i, 'memories'], `a memory level holding operand ${operand}`);
    }
  });
  if (checkCoreIds(acc, at)) checkConnections(acc, at, true);
  return issues;
}
