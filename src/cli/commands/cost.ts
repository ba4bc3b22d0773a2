/** `stream-studio cost`: the single-core cost model (ZigZag-equivalent) for every layer of a workload. */
import { resolve } from 'node:path';
import { type Core, type CostModelResult, type CostObjective, evaluateWorkload, importNotices, InputError, type Result } from '../../engine';
import { loadHardwareFile, loadMappingFile, loadWorkloadFile } from '../../engine/io';
import { parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';

const USAGE = `Usage: stream-studio cost --accelerator HW.yaml --workload W.(onnx|yaml) --mapping M.yaml
       [--lpf-limit 6] [--objective latency|energy|edp] [--nb-spatial-mappings 3]
       [--exploit-data-locality] [--mix-spatial-mapping] [--compat default|reference] [--core ID] [--json]
       [--temporal-mapper loma|salsa] [--salsa-iterations 1000] [--salsa-temperature 0.05] [--seed 0]
       [--temporal-mapping-type uneven|even]

Finds the best spatial and temporal mapping of every layer on one core with the ZigZag cost model and prints
per-layer energy and latency and the totals (sums over layers).

  --accelerator FILE       ZigZag hardware (core) YAML, or a Stream accelerator (then --core picks the core)
  --workload FILE          ONNX model or ZigZag workload YAML
  --mapping FILE           ZigZag or Stream mapping YAML
  --lpf-limit N            loop prime factors per temporal search (default 6)
  --objective O            latency (default), energy or edp
  --nb-spatial-mappings N  spatial mappings generated when the mapping leaves array dimensions open (default 3)
  --exploit-data-locality  keep activations in the lowest memory that can hold them between layers
  --mix-spatial-mapping    also generate mixed spatial mappings (implies data locality); on by default for
                           in-memory-computing (IMC) cores, as ZigZag's IMC API does (--no-mix-spatial-mapping)
  --compat MODE            default, or reference (ZigZag 3.8.0's integer word-access counts)
  --temporal-mapper M      loma (default: every ordering of the loop prime factors) or salsa (simulated
                           annealing over them: --salsa-iterations per spatial mapping, start temperature
                           --salsa-temperature as a relative cost, --seed)
  --temporal-mapping-type T
                           uneven (default: each operand cuts the loop ordering into its memory levels on its
                           own) or even (operands sharing a memory cut it at the same loop: ZigZag's even)
  --core ID                core of a Stream accelerator (default: the first compute core)
  --json                   print {"energy_pj", "latency_cycles", "layers": [...]} (IMC cores also "tclk_ns",
                           "area_mm2", per layer and in total)

IMC cores (operational_array is_imc: true) are costed with the AIMC/DIMC macro model; their Pooling and Add
layers are skipped, as ZigZag does.`;

const FLAGS = {
  accelerator: 'string',
  workload: 'string',
  mapping: 'string',
  'lpf-limit': 'number',
  objective: 'string',
  'nb-spatial-mappings': 'number',
  'exploit-data-locality': 'boolean',
  'mix-spatial-mapping': 'boolean',
  'no-mix-spatial-mapping': 'boolean',
  compat: 'string',
  'temporal-mapper': 'string',
  'temporal-mapping-type': 'string',
  'salsa-iterations': 'number',
  'salsa-temperature': 'number',
  seed: 'number',
  core: 'number',
  json: 'boolean',
} as const;

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new InputError(r.issues);
  return r.value;
}

function pickCore(path: string, coreId: number | undefined): Core {
  const hw = unwrap(loadHardwareFile(path));
  if (hw.kind === 'core') return hw.core;
  const cores = hw.accelerator.cores;
  const core = coreId !== undefined ? cores.find((c) => c.id === coreId) : cores.find((c) => c.type === 'compute');
  if (!core) {
    throw InputError.single(path, 'cores', coreId !== undefined ? `a core with id ${coreId}` : 'at least one compute core', undefined);
  }
  return core;
}

function layerJson(r: CostModelResult) {
  return {
    id: r.layerId,
    name: r.layerName,
    energy_pj: r.energyTotal,
    latency_cycles: r.latencyTotal2,
    mac_energy_pj: r.macEnergy,
    memory_energy_pj: r.memEnergy,
    energy_per_memory_pj: Object.fromEntries(r.energyPerMemory.map((m) => [m.memory, m.energy])),
    latency: {
      ideal: r.idealCycle,
      ideal_temporal: r.idealTemporalCycle,
      computation: r.latencyTotal0,
      onloading: r.onloadingCycles,
      offloading: r.offloadingCycles,
      stall_slack: r.stallSlackComb,
    },
    spatial_mapping: r.spatialMapping,
    temporal_mapping: Object.fromEntries(
      Object.entries(r.operandLevels).map(([op, levels]) => [op, levels.map((l) => ({ memory: l.memory, loops: l.temporalLoops }))]),
    ),
    loop_ordering: r.loopOrdering,
    utilization: {
      mac_spatial: r.macSpatialUtilization,
      mac: r.macUtilization,
      memory: Object.fromEntries(
        Object.entries(r.operandLevels).map(([op, levels]) => [
          op,
          levels.map((l) => ({ memory: l.memory, bits: l.bitsUsed, individual: l.utilization, shared: l.utilizationShared })),
        ]),
      ),
    },
    temporal_mappings_evaluated: r.temporalMappingsEvaluated,
    ...(r.imc ? { tclk_ns: r.imc.tclkNs, area_mm2: r.imc.areaMm2, cycles_per_mac: r.imc.cyclesPerMac, mac_energy_breakdown_pj: r.imc.macEnergyBreakdown } : {}),
  };
}

function coreImcLine(core: Core): string {
  const imc = core.operationalArray.imc!;
  const kind = imc.imcType === 'analog' ? 'analog IMC (AIMC)' : 'digital IMC (DIMC)';
  return `${kind}, ${imc.inputPrecision[0]}b activations bit-serial by ${imc.bitSerialPrecision}, ${imc.inputPrecision[1]}b weights${imc.imcType === 'analog' ? `, ${imc.adcResolution}b ADC` : ''}`;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export const costCommand: CliCommand = {
  name: 'cost',
  summary: 'Single-core cost model (ZigZag): best mapping, energy and latency per layer',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseArgs(args, FLAGS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    for (const name of ['accelerator', 'workload', 'mapping'] as const) {
      if (!flags[name]) throw new UsageError(`--${name} is required`);
    }
    const objective = (flags.objective ?? 'latency') as CostObjective;
    if (!['latency', 'energy', 'edp'].includes(objective)) throw new UsageError(`--objective must be latency, energy or edp`);
    const lpfLimit = flags['lpf-limit'] ?? 6;
    const nbSpatialMappings = flags['nb-spatial-mappings'] ?? 3;
    if (!Number.isInteger(lpfLimit) || lpfLimit < 1) throw new UsageError('--lpf-limit must be a positive integer');
    if (!Number.isInteger(nbSpatialMappings) || nbSpatialMappings < 1) throw new UsageError('--nb-spatial-mappings must be a positive integer');

    const temporalMapper = flags['temporal-mapper'] ?? 'loma';
    if (temporalMapper !== 'loma' && temporalMapper !== 'salsa') throw new UsageError('--temporal-mapper must be loma or salsa');
    const temporalMappingType = flags['temporal-mapping-type'] ?? 'uneven';
    if (temporalMappingType !== 'uneven' && temporalMappingType !== 'even') throw new UsageError('--temporal-mapping-type must be uneven or even');
    const compat = flags.compat ?? 'default';
    if (compat !== 'default' && compat !== 'reference') throw new UsageError('--compat must be default or reference');
    const core = pickCore(resolve(io.cwd, flags.accelerator!), flags.core);
    for (const notice of importNotices([core])) io.stderr.write(`stream-studio cost: notice: ${notice}\n`);
    const isImc = core.operationalArray.imc !== undefined;
    const mix = flags['no-mix-spatial-mapping'] ? false : (flags['mix-spatial-mapping'] ?? isImc);
    const workload = unwrap(await loadWorkloadFile(resolve(io.cwd, flags.workload!), { flavour: 'zigzag' }));
    const mapping = unwrap(loadMappingFile(resolve(io.cwd, flags.mapping!)));
    const result = evaluateWorkload(
      workload,
      core,
      mapping,
      {
        lpfLimit,
        objective,
        nbSpatialMappings,
        exploitDataLocality: flags['exploit-data-locality'] ?? false,
        enableMixSpatialMapping: mix,
        compat,
        temporalMapper,
        temporalMappingType,
        ...(flags['salsa-iterations'] !== undefined ? { salsaIterations: flags['salsa-iterations'] } : {}),
        ...(flags['salsa-temperature'] !== undefined ? { salsaTemperature: flags['salsa-temperature'] } : {}),
        ...(flags.seed !== undefined ? { salsaSeed: flags.seed } : {}),
      },
      io.signal ? { signal: io.signal } : {},
    );

    if (flags.json) {
      io.stdout.write(
        `${JSON.stringify(
          {
            energy_pj: result.energyTotal,
            latency_cycles: result.latencyTotal2,
            ...(result.imc
              ? { tclk_ns: result.imc.tclkNs, area_mm2: result.imc.areaMm2, latency_ns: result.latencyTotal2 * result.imc.tclkNs, skipped_layers: result.imc.skippedLayers }
              : {}),
            layers: result.layers.map(layerJson),
          },
          null,
          2,
        )}\n`,
      );
      return EXIT_OK;
    }
    const rows = result.layers.map((r) => [
      String(r.layerId),
      r.layerName,
      fmt(r.energyTotal),
      fmt(r.latencyTotal2),
      `${(r.macUtilization * 100).toFixed(1)}%`,
      Object.entries(r.spatialMapping)
        .map(([oa, loops]) => `${oa}:${Object.entries(loops).map(([d, u]) => `${d}${fmt(u)}`).join('·') || '-'}`)
        .join(' '),
    ]);
    const header = ['id', 'layer', 'energy (pJ)', 'latency (cc)', 'MAC util', 'spatial mapping'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
    io.stdout.write(`Core ${core.name}: ${result.layers.length} layers, objective ${objective}, lpf limit ${lpfLimit}\n`);
    if (result.imc) {
      const m = coreImcLine(core);
      io.stdout.write(`${m}; ${result.imc.skippedLayers.length} Pooling/Add layers skipped\n`);
    }
    io.stdout.write('\n');
    io.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n\n`);
    io.stdout.write(`Total energy:  ${fmt(result.energyTotal)} pJ\nTotal latency: ${fmt(result.latencyTotal2)} cycles\n`);
    if (result.imc) {
      io.stdout.write(`tclk:          ${result.imc.tclkNs.toFixed(5)} ns (${fmt(result.latencyTotal2 * result.imc.tclkNs)} ns in total)\n`);
      io.stdout.write(`Area:          ${result.imc.areaMm2.toFixed(7)} mm²\n`);
    }
    io.stdout.write(`Temporal mappings evaluated: ${result.temporalMappingsEvaluated}\n`);
    return EXIT_OK;
  },
};
