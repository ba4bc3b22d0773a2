/**
 * Runs CACTI itself for one memory, through an injected CACTI module (ZigZag 3.8.0's vendored CACTI 7 compiled to
 * WebAssembly by scripts/cacti-wasm.mjs; loaded by cacti-wasm.io.ts). Pure: the module factory is passed in.
 *
 * CACTI is configured as ZigZag 3.8.0 configures it (zigzag/cacti/cacti_master/cacti_config_creator.py and
 * cacti_top.py); scripts/cacti-table.mjs writes this same text for the committed table: a UCA "ram" (scratchpad)
 * of size/8 bytes, block size = output/input bus width = the read bandwidth in bits (ZigZag writes the bit width
 * into the byte field), associativity 1, one bank, the given exclusive read / write / read-write ports, itrs-hp,
 * 360 K, ED^2, ECC on, "Global_30" wires. From CACTI's CSV output only the read energy, write energy and area
 * columns are read: a scratchpad's tag and search columns are `N/A` (ZigZag 3.8.0's parser trips on them).
 */
import type { CactiQuery } from './cacti';
import { techUm } from './cacti';

/** CACTI's figures for one configuration (pJ per access, pJ per access, mm²), or why there are none. */
export type CactiRun = { readonly ok: true; readonly read: number; readonly write: number; readonly area: number } | { readonly ok: false; readonly reason: string };

/** Runs CACTI synchronously for one configuration; undefined when the module cannot run here (the table serves). */
export type CactiRunner = (query: CactiQuery) => CactiRun | undefined;

/** The parts of an emscripten CACTI instance the driver uses. */
export interface CactiInstance {
  readonly FS: {
    writeFile(path: string, data: string): void;
    readFile(path: string, options: { encoding: 'utf8' }): string;
    chdir(path: string): void;
  };
  callMain(args: string[]): number;
}

/**
 * emscripten's MODULARIZE factory: fills the options object it is given with the instance's runtime (synchronously,
 * as the module is built with WASM_ASYNC_COMPILATION=0) and returns a promise of it.
 */
export type CactiModuleFactory = (options: Record<string, unknown>) => unknown;

/** The configuration file ZigZag 3.8.0 writes for a scratchpad memory (our layout, its option values). */
export function cactiConfig(q: CactiQuery): string {
  const sizeBytes = Math.trunc(q.sizeBits / 8);
  const width = Math.trunc(q.widthBits);
  return [
    '-Array Power Gating - "false"',
    '-WL Power Gating - "false"',
    '-CL Power Gating - "false"',
    '-Bitline floating - "false"',
    '-Interconnect Power Gating - "false"',
    '-Power Gating Performance Loss 0.01',
    '-page size (bits) 8192',
    '-burst length 8',
    '-internal prefetch width 8',
    '-Data array cell type - "itrs-hp"',
    '-Data array peripheral type - "itrs-hp"',
    '-Tag array cell type - "itrs-hp"',
    '-Tag array peripheral type - "itrs-hp"',
    '-operating temperature (K) 360',
    '-tag size (b) "default"',
    '-access mode (normal, sequential, fast) - "normal"',
    '-design objective (weight delay, dynamic power, leakage power, cycle time, area) 0:0:0:100:0',
    '-deviate (delay, dynamic power, leakage power, cycle time, area) 20:100000:100000:100000:100000',
    '-NUCAdesign objective (weight delay, dynamic power, leakage power, cycle time, area) 100:100:0:0:100',
    '-NUCAdeviate (delay, dynamic power, leakage power, cycle time, area) 10:10000:10000:10000:10000',
    '-Optimize ED or ED^2 (ED, ED^2, NONE): "ED^2"',
    '-Cache model (NUCA, UCA)  - "UCA"',
    '-NUCA bank count 0',
    '-Wire signaling (fullswing, lowswing, default) - "Global_30"',
    '-Wire inside mat - "semi-global"',
    '-Wire outside mat - "semi-global"',
    '-Interconnect projection - "conservative"',
    '-Core count 8',
    '-Cache level (L2/L3) - "L3"',
    '-Add ECC - "true"',
    '-Print level (DETAILED, CONCISE) - "DETAILED"',
    '-Print input parameters - "true"',
    '-Force cache config - "false"',
    '-Ndwl 1',
    '-Ndbl 1',
    '-Nspd 0',
    '-Ndcm 1',
    '-Ndsam1 0',
    '-Ndsam2 0',
    '-dram_type "DDR3"',
    '-io state "WRITE"',
    '-addr_timing 1.0',
    '-mem_density 4 Gb',
    '-bus_freq 800 MHz',
    '-duty_cycle 1.0',
    '-activity_dq 1.0',
    '-activity_ca 0.5',
    '-num_dq 72',
    '-num_dqs 18',
    '-num_ca 25',
    '-num_clk  2',
    '-num_mem_dq 2',
    '-mem_data_width 8',
    '-rtt_value 10000',
    '-ron_value 34',
    '-tflight_value',
    '-num_bobs 1',
    '-capacity 80',
    '-num_channels_per_bob 1',
    '-first metric "Cost"',
    '-second metric "Bandwidth"',
    '-third metric "Energy"',
    '-DIMM model "ALL"',
    '-mirror_in_bob "F"',
    `-size (bytes) ${sizeBytes}`,
    `-block size (bytes) ${width}`,
    `-output/input bus width ${width}`,
    '-associativity 1',
    `-read-write port ${q.readWritePorts}`,
    `-exclusive read port ${q.readPorts}`,
    `-exclusive write port ${q.writePorts}`,
    '-single ended read ports 0',
    '-UCA bank count 1',
    `-technology (u) ${techUm(q.technologyNm)}`,
    '-cache type "ram"',
    '',
  ].join('\n');
}

/** 6 significant digits, as CACTI prints them (drops the float noise of nJ → pJ). */
const sig = (v: number) => Number(v.toPrecision(6));

/** Reads the three columns we need from CACTI's CSV (header line, value line); `reason` when one is not a number. */
export function parseCactiCsv(text: string): CactiRun {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return { ok: false, reason: 'CACTI wrote no figures' };
  const header = lines[0]!.split(',').map((h) => h.trim());
  const values = lines[lines.length - 1]!.split(',').map((v) => v.trim());
  const column = (name: string): number | string => {
    const i = header.indexOf(name);
    if (i < 0) return `CACTI's output has no column "${name}"`;
    const v = Number(values[i]);
    return Number.isFinite(v) && values[i] !== '' ? v : `CACTI's "${name}" is not a number: ${values[i] ?? '(missing)'}`;
  };
  const read = column('Dynamic read energy (nJ)');
  const write = column('Dynamic write energy (nJ)');
  const area = column('Area (mm2)');
  for (const c of [read, write, area]) if (typeof c === 'string') return { ok: false, reason: c };
  return { ok: true, read: sig((read as number) * 1000), write: sig((write as number) * 1000), area: sig(area as number) };
}

/**
 * A runner over a CACTI module factory: every run gets a fresh instance (CACTI keeps its inputs in globals and
 * ends on errors with exit()), writes the configuration into its in-memory file system, runs CACTI's main on it
 * and reads `<cfg>.out`. No output file: CACTI's own message (e.g. "no valid data array organizations found").
 */
export function cactiRunner(factory: CactiModuleFactory): CactiRunner {
  return (q) => {
    const log: string[] = [];
    const errors: string[] = [];
    const options: Record<string, unknown> = { print: (s: string) => log.push(s), printErr: (s: string) => errors.push(s) };
    let instance: CactiInstance;
    try {
      const ready = factory(options);
      if (ready instanceof Promise) ready.catch(() => undefined);
      instance = options as unknown as CactiInstance;
      if (typeof instance.callMain !== 'function') return { ok: false, reason: 'the CACTI module did not start synchronously here' };
      instance.FS.chdir('/');
      instance.FS.writeFile('/memory.cfg', cactiConfig(q));
      instance.callMain(['-infile', 'memory.cfg']);
    } catch (e) {
      return { ok: false, reason: `CACTI stopped: ${e instanceof Error ? e.message : String(e)}` };
    }
    let csv: string;
    try {
      csv = instance.FS.readFile('/memory.cfg.out', { encoding: 'utf8' });
    } catch {
      const said = [...log.filter((l) => /error|no valid/i.test(l)), ...errors].map((l) => l.trim()).filter((l) => l !== '');
      if (said.some((l) => /no valid|no cache organizations met/i.test(l))) return { ok: false, reason: `CACTI finds no valid organisation (it says: ${said.join('; ')})` };
      return { ok: false, reason: `CACTI wrote no figures${said.length > 0 ? ` (it says: ${said.join(' ')})` : log.length > 0 ? ` (last output: ${log[log.length - 1]!.trim()})` : ''}` };
    }
    return parseCactiCsv(csv);
  };
}
