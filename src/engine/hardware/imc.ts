/**
 * Analytical model of an in-memory-computing (IMC) macro, analog (AIMC) or digital (DIMC), as ZigZag 3.8.0
 * models it: 28 nm gate-level costs for the periphery (DACs, ADCs, 1-bit multipliers, ripple-carry adder
 * trees, place-value adders, shift accumulators) plus the weight cells. From the array's IMC options it gives
 * the clock period (critical path), the macro area and, per layer and spatial mapping, the energy of the
 * periphery. Units: ns, mm², pJ.
 *
 * Geometry: the first array dimension (sorted by name) is the word-line dimension (one adder tree / ADC
 * column per unit along it), the second the bit-line dimension (the inputs summed by one tree); the product of
 * the others is the number of macros (banks).
 */
import type { ImcOptions } from './types';

/** 28 nm technology constants (capacitances pF, areas mm², delays ns, vdd V). */
const TECH = {
  vdd: 0.9,
  nd2Cap: 0.7e-3,
  wlCap: 0.35e-3,
  blCap: 0.35e-3,
  xor2Cap: 0.7e-3 * 1.5,
  dffCap: 0.7e-3 * 3,
  nd2Area: 0.614e-6,
  xor2Area: 0.614e-6 * 2.4,
  dffArea: 0.614e-6 * 6,
  nd2Delay: 0.0478,
  xor2Delay: 0.0478 * 2.4,
} as const;

const VDD2 = TECH.vdd * TECH.vdd;
/** Full adder = 3 NAND2 + 2 XOR2; half activated (one input 0): the XORs only. */
const ADDER_ENERGY = (3 * TECH.nd2Cap + 2 * TECH.xor2Cap) * VDD2;
const ADDER_HALF_ENERGY = 2 * TECH.xor2Cap * VDD2;
/** 1-bit multiplier = one NOR (costed as a NAND2), half toggling since the weight stays. */
const MULT_ENERGY = 0.5 * TECH.nd2Cap * VDD2;
const REG_ENERGY = TECH.dffCap * VDD2;
const ADDER_AREA = 3 * TECH.nd2Area + 2 * TECH.xor2Area;
const MULT_AREA = TECH.nd2Area;
const REG_AREA = TECH.dffArea;
const ADDER_SUM_DELAY = 2 * TECH.xor2Delay;
const ADDER_COUT_DELAY = TECH.xor2Delay + 2 * TECH.nd2Delay;
const ADDER_CARRY_DELAY = 2 * TECH.nd2Delay;
const MULT_DELAY = TECH.nd2Delay;

export type ImcComponent = 'cells' | 'dacs' | 'adcs' | 'mults' | 'adders_regular' | 'adders_pv' | 'accumulators';
export type ImcEnergyComponent =
  | 'local_bl_precharging'
  | 'dacs'
  | 'adcs'
  | 'mults'
  | 'analog_bl_addition'
  | 'adders_regular'
  | 'adders_pv'
  | 'accumulators';

export interface ImcMacro {
  readonly analog: boolean;
  readonly activationPrecision: number;
  readonly weightPrecision: number;
  readonly bitSerialPrecision: number;
  readonly adcResolution: number;
  /** Array dimension along the word line (adder-tree outputs) and along the bit line (summed inputs). */
  readonly wordlineDim: string;
  readonly bitlineDim: string;
  readonly wordlineSize: number;
  readonly bitlineSize: number;
  readonly banks: number;
  /** Bits of one cell group (weights stored per multiplier = cellsBits / weightPrecision). */
  readonly cellsBits: number;
  /** Cycles per MAC: the activation is fed bit-serially (activationPrecision / bitSerialPrecision passes). */
  readonly cyclesPerMac: number;
  readonly tclkNs: number;
  readonly tclkBreakdown: Readonly<Record<ImcComponent, number>>;
  /** Macro area (cells + periphery, not the input/output registers), mm². */
  readonly areaMm2: number;
  readonly areaBreakdown: Readonly<Record<ImcComponent, number>>;
  /** Peak figures at full utilisation without weight updates. */
  readonly peak: { readonly tops: number; readonly topsPerWatt: number; readonly topsPerMm2: number };
}

/** Problems with the IMC options, each a [field, expectation] pair (empty when valid). */
export function imcOptionProblems(imc: ImcOptions, dims: readonly { name: string; size: number }[]): [string, string][] {
  const out: [string, string][] = [];
  const pow2 = (x: number) => x > 0 && Number.isInteger(Math.log2(x));
  const [act, weight] = imc.inputPrecision;
  if (!pow2(imc.bitSerialPrecision)) out.push(['bit_serial_precision', 'a power of 2']);
  if (imc.bitSerialPrecision > act) out.push(['bit_serial_precision', `at most the activation precision (${act})`]);
  if (!pow2(act)) out.push(['input_precision', 'an activation precision that is a power of 2']);
  if (!pow2(weight)) out.push(['input_precision', 'a weight precision that is a power of 2']);
  if (imc.imcType === 'digital' && imc.adcResolution !== 0) out.push(['adc_resolution', '0 on a digital IMC array']);
  if (!Number.isInteger(imc.adcResolution) || imc.adcResolution < 0) out.push(['adc_resolution', 'a non-negative integer']);
  if (dims.length < 2) out.push(['dimensions', 'at least two array dimensions (word line, bit line) on an IMC array']);
  else {
    const sorted = [...dims].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (imc.imcType === 'digital' && !pow2(sorted[1]!.size)) {
      out.push(['sizes', `a power-of-2 size for ${sorted[1]!.name} (the adder-tree inputs of a digital IMC array)`]);
    }
  }
  return out;
}

function adcCost(adcResolution: number, bitlineSize: number): { area: number; delay: number; energy: number } {
  if (adcResolution === 0) return { area: 0, delay: 0, energy: 0 };
  // Fitted to three 28 nm AIMC designs (ZigZag's model).
  const area = adcResolution === 1 ? 0 : 10 ** (-0.0369 * adcResolution + 1.206) * 2 ** adcResolution * 1e-6;
  const delay = adcResolution * (0.00653 * bitlineSize + 0.64);
  const energy = ((100 * adcResolution + 0.001 * 4 ** adcResolution) * VDD2) / 1000;
  return { area, delay, energy };
}

function dacEnergy(bitSerialPrecision: number): number {
  return bitSerialPrecision === 1 ? 0 : 50e-3 * bitSerialPrecision * VDD2;
}

/** One ripple-carry adder tree summing `inputs` (a power of 2) numbers of `precision` bits: 1-bit adders, depth, output bits. */
function adderTree(inputs: number, precision: number): { adders: number; depth: number; outBits: number } {
  const depth = Math.trunc(Math.log2(inputs));
  return { adders: inputs * (precision + 1) - (precision + depth + 1), depth, outBits: precision + depth };
}

/** 1-bit adders of a place-value (shift-and-add) tree of `inputs` numbers of `precision` bits. */
function placeValueAdders(inputs: number, precision: number): number {
  return inputs === 1 ? 0 : precision * (inputs - 1) + inputs * (Math.log2(inputs) - 0.5);
}

/**
 * The macro model of an IMC array. `cellsBits` and `cellsArea` are the size and area (per cell group) of the
 * `cells` memory that holds the weights.
 */
export function imcMacro(imc: ImcOptions, dims: readonly { name: string; size: number }[], cellsBits: number, cellsArea: number): ImcMacro {
  const analog = imc.imcType === 'analog';
  const [act, weight] = imc.inputPrecision;
  const bsp = imc.bitSerialPrecision;
  const adc = imc.adcResolution;
  const sorted = [...dims].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const wl = sorted[0] ?? { name: 'D1', size: 1 };
  const bl = sorted[1] ?? { name: 'D2', size: 1 };
  const banks = sorted.slice(2).reduce((p, d) => p * d.size, 1);
  const units = dims.reduce((p, d) => p * d.size, 1);
  const columns = wl.size * banks;
  const adcC = adcCost(adc, bl.size);

  // Regular adder trees (digital only) feed the place-value trees; analog uses ADC outputs instead.
  const tree = analog ? undefined : adderTree(bl.size, weight);
  const pvInputs = analog ? weight : bsp;
  const pvPrecision = analog ? adc : tree!.outBits;
  const pvAdders = placeValueAdders(pvInputs, pvPrecision);
  const accOutBits = analog ? act + adc + weight : act + Math.log2(bl.size) + weight;
  const hasAccumulator = bsp !== act;
  const multipliers = (analog ? weight : bsp * weight) * wl.size * bl.size * banks;

  const areaBreakdown: Record<ImcComponent, number> = {
    cells: units * cellsArea,
    dacs: 0,
    adcs: analog ? adcC.area * weight * columns : 0,
    mults: MULT_AREA * multipliers,
    adders_regular: tree ? ADDER_AREA * tree.adders * bsp * columns : 0,
    adders_pv: ADDER_AREA * pvAdders * columns,
    accumulators: hasAccumulator ? (ADDER_AREA + REG_AREA) * accOutBits * columns : 0,
  };

  // Critical path: DAC → multiplier → ADC → adder tree → place-value tree → accumulator (ripple carry).
  let pvDelay = 0;
  let pvOutBits = pvPrecision;
  if (pvInputs !== 1) {
    const depth = Math.trunc(Math.log2(pvInputs));
    pvOutBits = pvInputs + pvPrecision;
    pvDelay = (depth - 1) * ADDER_SUM_DELAY + ADDER_COUT_DELAY + (pvOutBits - pvPrecision - 1) * ADDER_CARRY_DELAY;
  }
  const tclkBreakdown: Record<ImcComponent, number> = {
    cells: 0,
    dacs: 0,
    adcs: analog ? adcC.delay : 0,
    mults: MULT_DELAY,
    adders_regular: tree ? (tree.depth - 1) * ADDER_SUM_DELAY + ADDER_COUT_DELAY + (tree.outBits - 2) * ADDER_CARRY_DELAY : 0,
    adders_pv: pvDelay,
    accumulators: hasAccumulator ? ADDER_COUT_DELAY + (accOutBits - pvOutBits - 1) * ADDER_CARRY_DELAY : 0,
  };
  const tclkNs = Object.values(tclkBreakdown).reduce((a, b) => a + b, 0);
  const areaMm2 = Object.values(areaBreakdown).reduce((a, b) => a + b, 0);

  // Peak: every unit busy every pass.
  const passes = act / bsp;
  const peakEnergy =
    (analog ? dacEnergy(bsp) * bl.size * banks + adcC.energy * weight * columns : 0) +
    MULT_ENERGY * multipliers +
    (analog ? TECH.blCap * VDD2 * weight * wl.size * bl.size * banks : 0) +
    (tree ? ADDER_ENERGY * tree.adders * bsp * columns : 0) +
    ADDER_ENERGY * pvAdders * columns +
    (hasAccumulator ? (ADDER_ENERGY + REG_ENERGY) * accOutBits * columns : 0);
  const macsPerCycle = (wl.size * bl.size * banks) / passes;
  const tops = (macsPerCycle * 2) / tclkNs / 1000;
  return {
    analog,
    activationPrecision: act,
    weightPrecision: weight,
    bitSerialPrecision: bsp,
    adcResolution: adc,
    wordlineDim: wl.name,
    bitlineDim: bl.name,
    wordlineSize: wl.size,
    bitlineSize: bl.size,
    banks,
    cellsBits,
    cyclesPerMac: passes,
    tclkNs,
    tclkBreakdown,
    areaMm2,
    areaBreakdown,
    peak: { tops, topsPerWatt: (macsPerCycle * 2) / peakEnergy, topsPerMm2: areaMm2 > 0 ? tops / areaMm2 : 0 },
  };
}

/**
 * Energy of one ripple-carry adder tree with `physical` inputs of `precision` bits of which `active` carry data:
 * sub-trees fed on both sides toggle fully, adders with one idle input only half.
 */
export function adderTreeEnergy(precision: number, active: number, physical: number): number {
  if (active < 1) return 0;
  const { adders } = adderTree(physical, precision);
  if (active >= physical) return adders * ADDER_ENERGY;
  let full = 0;
  let half = 0;
  let left = active;
  let span = physical;
  // Walk down the tree: a half whose inputs are all active is a full sub-tree; the partial half recurses.
  while (left !== 0) {
    span /= 2;
    const depth = Math.trunc(Math.log2(span));
    if (left <= 1 && span === 1) {
      half += precision;
      left = 0;
    } else if (left > span) {
      full += span * (precision + 1) - 1;
      left -= span;
    } else if (left < span) {
      half += precision + depth;
    } else {
      full += span * (precision + 1) - (precision + depth + 1);
      half += precision + depth;
      left -= span;
    }
  }
  return full * ADDER_ENERGY + half * ADDER_HALF_ENERGY;
}

/** How a layer occupies one macro under a spatial mapping. */
export interface ImcOccupancy {
  /** Rows (bit-line inputs) driven, including the extra rows of a diagonal (OX/OY on the word line) mapping. */
  readonly rows: number;
  /** Columns (word-line outputs) in use. */
  readonly columns: number;
  /** Macro activations normalised to one macro: total MACs / MACs mapped on one macro. */
  readonly activations: number;
}

/**
 * Occupancy of one macro. `wordline`/`bitline` are the unrollings (layer dimension, factor) on the word-line
 * and bit-line dimensions; `weightIr` tells whether a layer dimension is irrelevant to the weights (OX, OY);
 * `prPartner` gives, for a kernel dimension (FX), the output dimension it pairs with in the input (OX).
 */
export function imcOccupancy(
  totalMacs: number,
  wordline: readonly (readonly [string, number])[],
  bitline: readonly (readonly [string, number])[],
  weightIr: (dim: string) => boolean,
  prPartner: (dim: string) => string | undefined,
): ImcOccupancy {
  const prod = (list: readonly (readonly [string, number])[]) => list.reduce((p, [, f]) => p * f, 1);
  const columns = wordline.length > 0 ? prod(wordline) : 1;
  const diagonal = wordline.some(([d]) => weightIr(d));
  let rows = 1;
  if (bitline.length > 0) {
    if (!diagonal) rows = Math.ceil(prod(bitline));
    else {
      // An output dimension unrolled along the word line shifts the input window: FX rows grow by OXu - 1.
      rows = 1;
      for (const [dim, f] of bitline) {
        const partner = prPartner(dim);
        const shift = partner === undefined ? 1 : wordline.filter(([d]) => d === partner).reduce((p, [, u]) => p * u, 1);
        rows *= f + shift - 1;
      }
      rows = Math.ceil(rows);
    }
  }
  return { rows, columns, activations: totalMacs / (prod(wordline) * prod(bitline)) };
}

/**
 * Periphery energy of a layer (pJ per component). `precharges` is the number of local bit-line precharges
 * (only when a cell group holds several weights; 0 otherwise).
 */
export function imcLayerEnergy(macro: ImcMacro, occ: ImcOccupancy, precharges = 0): Record<ImcEnergyComponent, number> {
  const { analog, weightPrecision: w, bitSerialPrecision: bsp, activationPrecision: act } = macro;
  const passes = (act / bsp) * occ.activations;
  const groupDepth = macro.cellsBits / w;
  const precharge = groupDepth > 1 ? (TECH.wlCap * VDD2 + TECH.blCap * VDD2 * groupDepth) * w * precharges : 0;
  const adc = adcCost(macro.adcResolution, macro.bitlineSize).energy;
  const activeMults = analog ? w * macro.wordlineSize * occ.rows : bsp * w * macro.wordlineSize * macro.bitlineSize;
  const treeBits = w;
  const pvInputs = analog ? w : bsp;
  const pvPrecision = analog ? macro.adcResolution : treeBits + Math.trunc(Math.log2(macro.bitlineSize));
  const accOutBits = analog ? act + macro.adcResolution + w : act + Math.log2(macro.bitlineSize) + w;
  return {
    local_bl_precharging: precharge,
    dacs: analog ? dacEnergy(bsp) * occ.rows * passes : 0,
    adcs: analog ? adc * w * occ.columns * passes : 0,
    mults: MULT_ENERGY * activeMults * passes,
    analog_bl_addition: analog ? TECH.blCap * VDD2 * w * occ.columns * macro.bitlineSize * passes : 0,
    adders_regular: analog ? 0 : adderTreeEnergy(treeBits, occ.rows, macro.bitlineSize) * bsp * occ.columns * passes,
    adders_pv: ADDER_ENERGY * placeValueAdders(pvInputs, pvPrecision) * occ.columns * passes,
    accumulators: bsp === act ? 0 : (ADDER_ENERGY + REG_ENERGY) * accOutBits * occ.columns * passes,
  };
}
