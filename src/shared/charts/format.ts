/**
 * Number formatting and colours shared by every chart builder, so that tables, tooltips, the CLI's SVG
 * export and the dashboards all print the same figures the same way.
 */

const SI_PREFIXES: readonly [number, string][] = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 4 significant digits with an SI prefix: 4768463 → "4.768 M". */
export function formatSi(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return `${value}${unit ? ` ${unit}` : ''}`;
  const abs = Math.abs(value);
  for (const [scale, prefix] of SI_PREFIXES) {
    if (abs >= scale) return `${trimZeros((value / scale).toPrecision(4))} ${prefix}${unit}`;
  }
  const plain = Number.isInteger(value) ? String(value) : trimZeros(value.toPrecision(4));
  return unit ? `${plain} ${unit}` : plain;
}

function trimZeros(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

export const formatCycles = (cycles: number): string => formatSi(cycles, 'cc');

const ENERGY_UNITS: readonly [number, string][] = [
  [1e12, 'J'],
  [1e9, 'mJ'],
  [1e6, 'µJ'],
  [1e3, 'nJ'],
];

/** Energy given in pJ, printed in the largest unit that keeps the mantissa ≥ 1: 2.42e9 pJ → "2.422 mJ". */
export function formatEnergy(pj: number): string {
  if (!Number.isFinite(pj)) return `${pj} pJ`;
  const abs = Math.abs(pj);
  for (const [scale, unit] of ENERGY_UNITS) {
    if (abs >= scale) return `${trimZeros((pj / scale).toPrecision(4))} ${unit}`;
  }
  return `${Number.isInteger(pj) ? pj : trimZeros(pj.toPrecision(4))} pJ`;
}

/** Binary prefixes for memory sizes given in bytes: 2097152 → "2 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${trimZeros(value.toPrecision(4))} ${units[unit]}`;
}

export const formatBits = (bits: number): string => formatBytes(bits / 8);

/**
 * A relative change given as a fraction, signed with a true minus: 0.032 → "+3.2 %", −0.12 → "−12 %", 0 → "±0 %"
 * (1, 2 or 3 decimals as the change is ≥ 10 %, ≥ 1 % or smaller; trailing zeros dropped).
 */
export function formatChange(fraction: number): string {
  if (!Number.isFinite(fraction)) return '';
  const pct = fraction * 100;
  if (pct === 0) return '±0 %';
  const abs = Math.abs(pct);
  const text = abs.toFixed(abs >= 10 ? 1 : abs >= 1 ? 2 : 3).replace(/\.?0+$/, '');
  return `${pct > 0 ? '+' : '−'}${text === '0' ? abs.toPrecision(1) : text} %`;
}

/** Full-precision integer with thin grouping, for headline numbers that must match the CLI exactly. */
export function formatExact(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** A calm, colour-blind-friendly categorical palette (Okabe–Ito extended with muted tones). */
export const PALETTE: readonly string[] = [
  '#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#7f7f7f',
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#e15759', '#edc948', '#9c755f',
  '#1b9e77', '#d95f02', '#7570b3', '#e7298a',
];

/** Stable colour of a layer (or any integer key) across every chart of a run and across runs. */
export function colourOf(key: number): string {
  const index = ((Math.trunc(key) % PALETTE.length) + PALETTE.length) % PALETTE.length;
  return PALETTE[index];
}

/** Distinct colours for runs in comparison charts. */
export function runColour(index: number): string {
  return PALETTE[(index * 3) % PALETTE.length];
}

/** How charts name a core: by id and name, "core 0 · tpu_like" (just "core 0" when the name is only the id). */
export function coreLabel(coreId: number, name?: string): string {
  if (!name || /^core[\s_-]*\d+$/i.test(name.trim())) return `core ${coreId}`;
  return `core ${coreId} · ${name}`;
}
