/** `stream-studio inspect`: import hardware, workload and mapping files and print what was understood. */
import { resolve } from 'node:path';
import { type Accelerator, acceleratorJson, bandwidthJson, checkMapping, type Core, formatIssue, importNotices, type InputIssue, type Mapping, mappingEntryToYamlData, type Result, totalUnitCount, type Workload, type WorkloadNode } from '../../engine';
import { type HardwareFile, loadHardwareFile, loadMappingFile, loadWorkloadFile } from '../../engine/io';
import { acceleratorArea, areaJson, areaLines, CACTI_TABLE, cactiCostOf, costWarnings, resolveMemoryCosts } from '../../engine';
import { parseArgs } from '../args';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';

const USAGE = `Usage: stream-studio inspect [--accelerator FILE] [--workload FILE] [--mapping FILE] [--json]

Imports the given files and prints a summary: cores, memories and links of an accelerator (or of a single
ZigZag core file), the layers of a workload with their loop sizes, the entries of a mapping. With several
files, the mapping is also checked against the accelerator's cores and the workload's layers (dimensions
the reference would silently ignore are reported as warnings on stderr).

  --accelerator FILE  Stream accelerator YAML, or one core / ZigZag hardware YAML
  --workload FILE     ONNX model or ZigZag workload YAML
  --mapping FILE      Stream or ZigZag mapping YAML
  --json              print JSON: {"cores", "links", "offchip_core"}, {"layers"}, {"entries"} (merged)

Exit status: 0 when every file is valid, 2 on invalid input (the errors go to stderr).`;

function nodeInputs(workload: Workload, node: WorkloadNode): number[] {
  return [...new Set(workload.edges.filter((e) => e.to === node.id).map((e) => e.from))];
}

function workloadJson(workload: Workload) {
  return {
    name: workload.name,
    layers: workload.nodes.map((n) => ({
      id: n.id,
      name: n.name,
      type: n.operatorType,
      kind: n.kind,
      loop_sizes: n.kind === 'layer' ? n.loopSizes : {},
      inputs: nodeInputs(workload, n),
      ...(n.kind === 'layer' ? { macs: n.totalMacs, equation: n.equation } : {}),
    })),
  };
}

const mappingJson = (m: Mapping) => ({ mapping_format: m.format, entries: m.entries.map((e) => mappingEntryToYamlData(e, m.format)) });

function bits(n: number): string {
  const units = ['b', 'Kib', 'Mib', 'Gib'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1 && Number.isInteger(v / 1024)) {
    v /= 1024;
    u++;
  }
  return `${v} ${units[u]}`;
}

/**
 * "CACTI" (a table grid point), "CACTI, direct run" (this configuration run through CACTI's WebAssembly module), or
 * a caution when, without the module, the read bandwidth lies between the table's widths (interpolated, approximate).
 */
function cactiSource(core: Core, m: Core['memories'][number]['instance'], designTechnology: number | undefined): string {
  const c = cactiCostOf(CACTI_TABLE, m, { ...(core.technology !== undefined ? { coreTechnology: core.technology } : {}), ...(designTechnology !== undefined ? { designTechnology } : {}) });
  if (c.ok && c.cost.direct) return 'CACTI, direct run';
  return c.ok && c.cost.betweenWidths ? 'CACTI, approximate: its read bandwidth lies between the CACTI table widths' : 'CACTI';
}

function coreText(core: Core, designTechnology?: number): string[] {
  const a = core.operationalArray;
  const dims = a.dimensions.map((d) => `${d.name}=${d.size}`).join(' × ') || 'none';
  const lines = [`  core ${core.id} ${core.name} (${core.type}): array ${dims} (${totalUnitCount(a)} units, ${a.unitEnergy} pJ/MAC)${a.imc ? ` IMC ${a.imc.imcType}` : ''}`];
  for (const level of core.memories) {
    const m = level.instance;
    const ports = m.ports.map((p) => `${p.name} ${p.bandwidthMin}/${bandwidthJson(p.bandwidthMax)} b/cc [${p.allocation.map((x) => `${x.operand} ${x.direction}`).join(', ')}]`).join('; ');
    const cost = m.autoCostExtraction
      ? `r ${m.readCost.toPrecision(6)} / w ${m.writeCost.toPrecision(6)} pJ, ${m.area.toPrecision(6)} mm² (${cactiSource(core, m, designTechnology)})`
      : `r ${m.readCost} / w ${m.writeCost} pJ`;
    lines.push(`    ${m.name}: ${bits(m.sizeBits)}, ${level.operands.join(' ')}, ×${level.unrollCount}, ${cost}, ports ${ports}`);
  }
  if (core.dataflows) {
    const df = Object.entries(core.dataflows).map(([d, l]) => `${d}: ${l.map((u) => `${u.loopDim} ${u.factor}`).join(', ')}`).join('; ');
    lines.push(`    dataflows ${df}`);
  }
  return lines;
}

function acceleratorText(acc: Accelerator, format: string): string[] {
  const lines = [`Accelerator ${acc.name} (${format} format): ${acc.cores.length} cores, off-chip core ${acc.offchipCoreId ?? 'none'}`];
  for (const core of acc.cores) lines.push(...coreText(core, acc.technology));
  if (acc.coreMemorySharing.length > 0) lines.push(`  memory sharing: ${acc.coreMemorySharing.map((g) => `[${g.join(', ')}]`).join(' ')}`);
  lines.push(`  links (${acc.links.length}):`);
  for (const l of acc.links) {
    const users = acc.edges.filter((e) => e.linkId === l.id).length;
    const ends = l.kind === 'link' ? `core ${l.from} → core ${l.to}` : `${l.role === 'declared' ? 'bus' : `${l.role} bus`} over cores ${l.cores.join(', ')}`;
    lines.push(`    ${l.id}: ${ends}, ${bandwidthJson(l.bandwidth)} b/cc, ${l.unitEnergyCost} pJ/cycle${users === 0 ? ' (unused: every pair is redeclared later)' : ''}`);
  }
  return lines;
}

function workloadText(w: Workload): string[] {
  const lines = [`Workload ${w.name} (${w.origin}): ${w.nodes.length} nodes`];
  for (const n of w.nodes) {
    const sizes = n.kind === 'layer' ? Object.entries(n.loopSizes).map(([d, s]) => `${d}=${s}`).join(' ') : `(${n.kind})`;
    const inputs = nodeInputs(w, n);
    lines.push(`  ${n.id} ${n.name} ${n.operatorType}: ${sizes}${inputs.length > 0 ? `  ← ${inputs.join(', ')}` : ''}`);
  }
  for (const warning of w.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

function mappingText(m: Mapping): string[] {
  const lines = [`Mapping (${m.format} format): ${m.entries.length} entries`];
  for (const e of m.entries) {
    const parts: string[] = [];
    if (e.coreAllocation) parts.push(`cores [${e.coreAllocation.join(', ')}]${e.coreAllocationIsFixed ? ' fixed' : ''}`);
    if (e.interCoreTiling) parts.push(`inter ${e.interCoreTiling.map((t) => `${t.dim},${t.factor}`).join(' ') || '-'}`);
    if (e.intraCoreTiling) parts.push(`intra ${e.intraCoreTiling.map((t) => `${t.dim},${t.factor}`).join(' ') || '-'}`);
    if (e.spatialMapping) parts.push(`spatial ${Object.entries(e.spatialMapping).map(([d, l]) => `${d}:${l.map((u) => `${u.loopDim}${u.factor}`).join('+')}`).join(' ')}`);
    if (e.spatialMappingHint) parts.push(`hint ${Object.entries(e.spatialMappingHint).map(([d, l]) => `${d}:${l.join('|')}`).join(' ')}`);
    if (e.temporalOrdering) parts.push(`temporal ${e.temporalOrdering.map((l) => `${l.dim}${l.size}`).join(' ')}`);
    parts.push(`links I→${e.memoryOperandLinks.I} W→${e.memoryOperandLinks.W} O→${e.memoryOperandLinks.O}`);
    lines.push(`  ${e.name}: ${parts.join('; ')}`);
  }
  return lines;
}

function asAccelerator(hw: HardwareFile): Accelerator {
  if (hw.kind === 'accelerator') return hw.accelerator;
  return {
    name: hw.core.name,
    cores: [hw.core],
    offchipCoreId: null,
    links: [],
    edges: [],
    coreMemorySharing: [],
    coreFiles: [null],
    topology: { format: 'stream-typed', connectivity: [], unitEnergyCost: 0 },
  };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseArgs(args, { accelerator: 'string', workload: 'string', mapping: 'string', json: 'boolean' });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!flags.accelerator && !flags.workload && !flags.mapping) throw new UsageError('give at least one of --accelerator, --workload, --mapping');

  const issues: InputIssue[] = [];
  const take = <T>(r: Result<T>): T | undefined => {
    if (r.ok) return r.value;
    issues.push(...r.issues);
    return undefined;
  };
  const path = (p: string) => resolve(io.cwd, p);
  const hw = flags.accelerator ? take(loadHardwareFile(path(flags.accelerator))) : undefined;
  // Automatic (CACTI) memory costs are shown as a run takes them; a memory without figures is an error.
  const accelerator = hw ? take(resolveMemoryCosts(asAccelerator(hw), CACTI_TABLE, path(flags.accelerator!))) : undefined;
  const area = accelerator ? acceleratorArea(accelerator) : undefined;
  const costIssues = accelerator ? costWarnings(accelerator, path(flags.accelerator!)) : [];
  // A single core file is shown as a one-core accelerator, labelled with the core format.
  const hwFormat = hw?.kind === 'core' ? `single core, ${hw.core.format}` : (accelerator?.topology.format ?? '');
  const workload = flags.workload ? take(await loadWorkloadFile(path(flags.workload))) : undefined;
  const mapping = flags.mapping ? take(loadMappingFile(path(flags.mapping))) : undefined;
  const warnings: InputIssue[] = [];
  if (mapping && (hw?.kind === 'accelerator' || workload)) {
    const layers = workload?.nodes.flatMap((n) => (n.kind === 'layer' ? [{ name: n.name, operatorType: n.operatorType, loopDims: n.loopDims }] : []));
    const check = checkMapping(mapping, path(flags.mapping!), {
      ...(hw?.kind === 'accelerator' ? { accelerator: hw.accelerator } : {}),
      ...(layers ? { layers } : {}),
    });
    issues.push(...check.errors);
    warnings.push(...check.warnings);
  }
  if (issues.length > 0) {
    io.stderr.write(`stream-studio inspect: invalid input\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    return EXIT_INVALID;
  }
  for (const notice of accelerator ? importNotices(accelerator.cores) : []) io.stderr.write(`stream-studio inspect: notice: ${notice}\n`);
  for (const w of [...warnings, ...costIssues]) io.stderr.write(`stream-studio inspect: warning: ${formatIssue(w)}\n`);
  if (flags.json) {
    const out = {
      ...(accelerator ? acceleratorJson(accelerator, hwFormat) : {}),
      ...(area ? { area: areaJson(area) } : {}),
      ...(workload ? { workload: workload.name, layers: workloadJson(workload).layers } : {}),
      ...(mapping ? mappingJson(mapping) : {}),
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT_OK;
  }
  const sections: string[][] = [];
  if (accelerator) sections.push([...acceleratorText(accelerator, hwFormat), ...(area ? areaLines(area) : [])]);
  if (workload) sections.push(workloadText(workload));
  if (mapping) sections.push(mappingText(mapping));
  io.stdout.write(`${sections.map((s) => s.join('\n')).join('\n\n')}\n`);
  return EXIT_OK;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Import accelerator, workload and mapping files and print a summary (or JSON)',
  usage: USAGE,
  run,
};
