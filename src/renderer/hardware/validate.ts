/**
 * Instant checks of a design while it is edited, reported as InputIssues whose `field` is the path of the
 * edited value in the document (e.g. `links[3].bandwidth`, `cores[1].memories[2].instance.sizeBits`), so the
 * editor can show each one next to its input. The engine's validator (API `designs.validate`) runs after
 * these, debounced, for the checks that need the full model.
 */
import type { InputIssue } from '../../engine/errors';
import type { Accelerator, Core } from '../../engine/hardware/types';
import { imcOptionProblems } from '../../engine/browser';
import { OPERANDS } from './derive';

export const EDITOR_FILE = '<editor>';

const issue = (field: string, expected: string, found?: unknown): InputIssue => ({
  file: EDITOR_FILE,
  field,
  expected,
  ...(found !== undefined ? { found: typeof found === 'number' ? String(found) : JSON.stringify(found) } : {}),
});

const positive = (value: number) => Number.isFinite(value) && value > 0;
const nonNegative = (value: number) => Number.isFinite(value) && value >= 0;

export function validateCore(core: Core, index: number): InputIssue[] {
  const at = `cores[${index}]`;
  const issues: InputIssue[] = [];
  if (!core.name.trim()) issues.push(issue(`${at}.name`, 'a non-empty core name'));
  const isMemory = core.type === 'memory';
  core.operationalArray.dimensions.forEach((dim, d) => {
    const ok = isMemory ? Number.isInteger(dim.size) && dim.size >= 0 : Number.isInteger(dim.size) && dim.size > 0;
    if (!ok) issues.push(issue(`${at}.operationalArray.dimensions[${d}].size`, isMemory ? 'a whole number ≥ 0' : 'a positive whole number of units', dim.size));
  });
  if (!nonNegative(core.operationalArray.unitEnergy)) issues.push(issue(`${at}.operationalArray.unitEnergy`, 'a MAC energy ≥ 0 pJ', core.operationalArray.unitEnergy));
  const imc = core.operationalArray.imc;
  if (imc) {
    const field = (name: string) => `${at}.operationalArray.imc.${name === 'input_precision' ? 'inputPrecision' : name === 'bit_serial_precision' ? 'bitSerialPrecision' : name === 'adc_resolution' ? 'adcResolution' : name}`;
    for (const [name, expected] of imcOptionProblems(imc, core.operationalArray.dimensions)) issues.push(issue(field(name), expected));
    if (!core.memories.some((l) => l.instance.name === 'cells')) issues.push(issue(`${at}.memories`, 'a memory called cells holding the weights (I2) of the IMC array'));
  }
  const names = new Set<string>();
  core.memories.forEach((level, m) => {
    const lat = `${at}.memories[${m}]`;
    const inst = level.instance;
    if (!inst.name.trim()) issues.push(issue(`${lat}.instance.name`, 'a memory name'));
    else if (names.has(inst.name)) issues.push(issue(`${lat}.instance.name`, 'a memory name unique within the core', inst.name));
    names.add(inst.name);
    if (!positive(inst.sizeBits) || !Number.isInteger(inst.sizeBits)) issues.push(issue(`${lat}.instance.sizeBits`, 'a positive size in bits', inst.sizeBits));
    if (!nonNegative(inst.readCost)) issues.push(issue(`${lat}.instance.readCost`, 'a read energy ≥ 0 pJ', inst.readCost));
    if (!nonNegative(inst.writeCost)) issues.push(issue(`${lat}.instance.writeCost`, 'a write energy ≥ 0 pJ', inst.writeCost));
    inst.ports.forEach((port, p) => {
      if (!positive(port.bandwidthMax)) issues.push(issue(`${lat}.instance.ports[${p}].bandwidthMax`, 'a positive bandwidth (bits/cycle)', port.bandwidthMax));
    });
    if (level.operands.length === 0) issues.push(issue(`${lat}.operands`, 'at least one operand (I1, I2 or O)'));
    const dims = core.operationalArray.dimensions.map((d) => d.name);
    for (const served of level.servedDimensions) {
      if (!dims.includes(served)) issues.push(issue(`${lat}.servedDimensions`, `array dimensions of this core (${dims.join(', ')})`, served));
    }
  });
  if (!isMemory) {
    for (const operand of OPERANDS) {
      if (core.hierarchy[operand].length === 0) issues.push(issue(`${at}.memories`, `a memory level holding operand ${operand}`));
    }
  }
  return issues;
}

export function validateDesign(design: Accelerator): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!design.name.trim()) issues.push(issue('name', 'a design name'));
  const computeCount = design.cores.filter((core) => core.id !== design.offchipCoreId).length;
  if (computeCount === 0) issues.push(issue('cores', 'at least one compute core'));
  if (design.offchipCoreId === null) issues.push(issue('offchipCoreId', 'an off-chip core (add "Off-chip DRAM" from the library)'));
  const names = new Set<string>();
  design.cores.forEach((core, index) => {
    if (names.has(core.name)) issues.push(issue(`cores[${index}].name`, 'a core name unique within the design', core.name));
    names.add(core.name);
    issues.push(...validateCore(core, index));
  });
  design.links.forEach((link, index) => {
    if (!positive(link.bandwidth)) issues.push(issue(`links[${index}].bandwidth`, 'a positive bandwidth (bits/cycle)', link.bandwidth));
    if (!nonNegative(link.unitEnergyCost)) issues.push(issue(`links[${index}].unitEnergyCost`, 'an energy ≥ 0 pJ per cycle', link.unitEnergyCost));
    if (link.kind === 'bus' && link.cores.length < 2) issues.push(issue(`links[${index}].cores`, 'a bus with at least two cores', link.cores.length));
  });
  if (computeCount > 1) {
    const linked = new Set<number>();
    for (const edge of design.edges) {
      linked.add(edge.from);
      linked.add(edge.to);
    }
    design.cores.forEach((core, index) => {
      if (core.id !== design.offchipCoreId && !linked.has(core.id) && !design.coreMemorySharing.some((g) => g.includes(core.id))) {
        issues.push(issue(`cores[${index}]`, `core ${core.name} connected to another core by a link or bus`));
      }
    });
  }
  return issues;
}

/** Issues for one field path (exact) or under a prefix (`prefix.` / `prefix[`). */
export function issuesAt(issues: readonly InputIssue[], field: string, nested = false): InputIssue[] {
  return issues.filter((i) => i.field === field || (nested && (i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`))));
}

export function issueText(i: InputIssue): string {
  return `Expected ${i.expected}${i.found !== undefined ? ` (found ${i.found})` : ''}`;
}
