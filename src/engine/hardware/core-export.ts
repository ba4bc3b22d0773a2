/** Writes a core back to YAML, in the legacy (ZigZag 3.8.0) or the ports format. */
import { toYamlText } from './fields';
import { fail, ok, type InputIssue, type Result } from '../errors';
import { spatialMappingToYaml } from './spatial';
import { DATA_DIRECTIONS, type Core, type CoreFormat, type MemoryLevel, type MemoryPort, type PortType } from './types';


export function coreToYamlData(core: Core, format: CoreFormat = core.format, file = '<export>'): Result<Record<string, unknown>> {
  const issues: InputIssue[] = [];
  const memories: Record<string, unknown> = {};
  for (const level of core.memories) {
    const data = format === 'zigzag-legacy' ? legacyMemory(level, file, issues) : portsMemory(level);
    if (data) memories[level.instance.name] = data;
  }
  if (issues.length > 0) return fail(issues);
  const array = core.operationalArray;
  const operationalArray: Record<string, unknown> = {
    unit_energy: array.unitEnergy,
    unit_area: array.unitArea,
    dimensions: array.dimensions.map((d) => d.name),
    sizes: array.dimensions.map((d) => d.size),
  };
  if (array.imc) {
    Object.assign(operationalArray, {
      is_imc: true,
      imc_type: array.imc.imcType,
      input_precision: [...array.imc.inputPrecision],
      adc_resolution: array.imc.adcResolution,
      bit_serial_precision: array.imc.bitSerialPrecision,
    });
  }
  // ZigZag 3.8.0 rejects unknown keys: legacy files carry `type` only when it differs from the derived one.
  const derivedType = array.dimensions.reduce((p, d) => p * d.size, 1) === 0 ? 'memory' : 'compute';
  const writeType = format === 'zigzag-ports' || core.type !== derivedType;
  return ok({
    name: core.name,
    ...(writeType ? { type: core.type } : {}),
    memories,
    operational_array: operationalArray,
    ...(core.dataflows ? { dataflows: spatialMappingToYaml(core.dataflows) } : {}),
    ...(core.technology !== undefined ? { technology: core.technology } : {}),
  });
}

/** YAML text of one core file. Fails only when the legacy format cannot express the core's ports. */
export function exportCoreYaml(core: Core, format: CoreFormat = core.format): Result<string> {
  const data = coreToYamlData(core, format);
  return data.ok ? ok(toYamlText(data.value)) : data;
}

function commonMemory(level: MemoryLevel): Record<string, unknown> {
  const m = level.instance;
  return {
    size: m.sizeBits,
    r_cost: m.readCost,
    w_cost: m.writeCost,
    area: m.area,
    latency: m.latency,
    mem_type: m.memType,
    auto_cost_extraction: m.autoCostExtraction,
    ...(m.technology !== undefined ? { technology: m.technology } : {}),
    operands: [...level.operands],
  };
}

function portsMemory(level: MemoryLevel): Record<string, unknown> {
  return {
    ...commonMemory(level),
    ports: level.instance.ports.map((p) => ({
      name: p.name,
      type: p.type,
      bandwidth_min: p.bandwidthMin,
      bandwidth_max: p.bandwidthMax,
      allocation: p.allocation.map((a) => `${a.operand}, ${a.direction}`),
    })),
    served_dimensions: [...level.servedDimensions],
    force_double_buffering: level.instance.forceDoubleBuffering,
  };
}

const PREFIX: Record<PortType, string> = { read: 'r_port_', write: 'w_port_', read_write: 'rw_port_' };

/** The legacy format fixes port names (r_port_1..), one width per port kind, rw ports as wide as read ports. */
function legacyMemory(level: MemoryLevel, file: string, issues: InputIssue[]): Record<string, unknown> | undefined {
  const m = level.instance;
  const path = `memories.${m.name}.ports`;
  const byType = (t: PortType) => m.ports.filter((p) => p.type === t);
  const problem = (expected: string, found: string) => issues.push({ file, field: path, expected, found });
  for (const t of ['read', 'write', 'read_write'] as const) {
    byType(t).forEach((p, i) => {
      if (p.name !== `${PREFIX[t]}${i + 1}`) problem(`${t} ports named ${PREFIX[t]}1, ${PREFIX[t]}2, ... in order (legacy format)`, p.name);
    });
  }
  const widths = (ports: readonly MemoryPort[]) => new Set(ports.map((p) => `${p.bandwidthMin}/${p.bandwidthMax}`));
  const reads = [...byType('read'), ...byType('read_write')];
  const writes = byType('write');
  if (widths(reads).size > 1 || widths(writes).size > 1) problem('one bandwidth for all read (and read/write) ports and one for all write ports (legacy format)', 'ports of different widths');
  const readBw = m.legacy?.readBandwidth ?? reads[0]?.bandwidthMax ?? writes[0]?.bandwidthMax ?? 0;
  const writeBw = m.legacy?.writeBandwidth ?? writes[0]?.bandwidthMax ?? readBw;
  const minRead = m.legacy ? m.legacy.minReadGranularity : reads[0] && reads[0].bandwidthMin !== reads[0].bandwidthMax ? reads[0].bandwidthMin : null;
  const minWrite = m.legacy ? m.legacy.minWriteGranularity : writes[0] && writes[0].bandwidthMin !== writes[0].bandwidthMax ? writes[0].bandwidthMin : null;
  const ports = level.operands.map((op) => {
    const entry: Record<string, string> = {};
    for (const dir of DATA_DIRECTIONS) {
      const port = m.ports.find((p) => p.allocation.some((a) => a.operand === op && a.direction === dir));
      if (port) entry[dir] = port.name;
    }
    return entry;
  });
  return {
    ...commonMemory(level),
    r_bw: readBw,
    w_bw: writeBw,
    r_port: byType('read').length,
    w_port: byType('write').length,
    rw_port: byType('read_write').length,
    ...(minRead !== null ? { min_r_granularity: minRead } : {}),
    ...(minWrite !== null ? { min_w_granularity: minWrite } : {}),
    ports,
    served_dimensions: [...level.servedDimensions],
  };
}
