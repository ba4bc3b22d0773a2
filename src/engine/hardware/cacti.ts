/**
 * CACTI memory costs from the committed table (resources/cacti/cacti-table.json, written by
 * scripts/cacti-table.mjs from CACTI runs configured as ZigZag 3.8.0 configures them).
 *
 * A query names a memory's size, read bandwidth (CACTI's I/O width and, as ZigZag writes it, its block size),
 * port counts and technology node. At a grid point the table's figures are returned unchanged; between grid
 * sizes they are interpolated linearly (CACTI's energies and areas are close to linear in size within one array
 * organisation: within 5 % of a direct run except inside CACTI's own organisation jumps); between table widths
 * linearly too, but flagged `betweenWidths`: CACTI's figures are not monotone in the width (its organisation
 * changes every few bytes of width), so such figures are approximate (measured spread: docs/design-edits.md).
 * A query outside the grid, for a port combination or node the table lacks, or next to a point where CACTI found
 * no valid organisation gets a reason, never a guess.
 * Pure: the table is passed in (see cacti-table.ts for the bundled one).
 */

export interface CactiSeries {
  /** Sizes in bits, ascending. */
  readonly sizes: readonly number[];
  /** pJ per access; null where CACTI found no valid organisation. */
  readonly read: readonly (number | null)[];
  readonly write: readonly (number | null)[];
  /** mm². */
  readonly area: readonly (number | null)[];
}

export interface CactiTable {
  readonly format: string;
  readonly grid: {
    /** Technology nodes, µm (CACTI's unit). */
    readonly techs: readonly number[];
    /** [exclusive read, exclusive write, read/write] port counts. */
    readonly ports: readonly (readonly [number, number, number])[];
    readonly widths: readonly number[];
    readonly sizes: readonly number[];
  };
  /** Key `${tech}/${r}-${w}-${rw}/${width}`. */
  readonly series: Readonly<Record<string, CactiSeries>>;
}

export interface CactiQuery {
  readonly sizeBits: number;
  /** Read bandwidth, bits (ZigZag's `r_bw`). */
  readonly widthBits: number;
  readonly readPorts: number;
  readonly writePorts: number;
  readonly readWritePorts: number;
  /** Technology node in nm (22 = CACTI's 0.022 µm). */
  readonly technologyNm: number;
}

export interface CactiCost {
  /** pJ per access of `widthBits`. */
  readonly readEnergy: number;
  readonly writeEnergy: number;
  /** mm². */
  readonly area: number;
  /** True at a grid point (CACTI's own figures), false when interpolated. */
  readonly exact: boolean;
  /**
   * True when the read bandwidth lies between two table widths (the figures are interpolated across widths).
   * CACTI's organisation changes with the width every few bytes, and its figures are not monotone in it: such
   * figures are approximate (measured spread in docs/design-edits.md), unlike the size interpolation at a table width.
   */
  readonly betweenWidths: boolean;
  /** True when the figures come from a direct CACTI run for this configuration (cacti-costs.ts), not the table. */
  readonly direct?: boolean;
}

export type CactiLookup = { readonly ok: true; readonly cost: CactiCost } | { readonly ok: false; readonly reason: string };

const seriesKey = (techUm: number, r: number, w: number, rw: number, width: number) => `${techUm}/${r}-${w}-${rw}/${width}`;

/** Nanometres → the µm figure the table is keyed by (22 → 0.022). */
export function techUm(nm: number): number {
  return Number((nm / 1000).toPrecision(6));
}

interface Point {
  readonly read: number;
  readonly write: number;
  readonly area: number;
  readonly exact: boolean;
}

type Along = { ok: true; value: Point } | { ok: false; reason: string };

/** Value of one series at `size`: exact at a grid size, linear between its two neighbours. */
function alongSize(series: CactiSeries, size: number, describe: string): Along {
  const { sizes } = series;
  const at = (i: number): Point | null => {
    const r = series.read[i];
    const w = series.write[i];
    const a = series.area[i];
    return r === null || w === null || a === null || r === undefined || w === undefined || a === undefined ? null : { read: r, write: w, area: a, exact: true };
  };
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  if (first === undefined || last === undefined || size < first || size > last) {
    return { ok: false, reason: `size ${size} b is outside the CACTI table for ${describe} (${first ?? '?'}–${last ?? '?'} b)` };
  }
  const hi = sizes.findIndex((s) => s >= size);
  if (sizes[hi] === size) {
    const p = at(hi);
    return p ? { ok: true, value: p } : { ok: false, reason: `CACTI finds no valid organisation for ${size} b, ${describe}` };
  }
  const lo = hi - 1;
  const p0 = at(lo);
  const p1 = at(hi);
  if (!p0 || !p1) {
    const bad = [!p0 ? sizes[lo] : null, !p1 ? sizes[hi] : null].filter((s) => s !== null).join(' and ');
    return { ok: false, reason: `CACTI finds no valid organisation at ${bad} b, ${describe}, so ${size} b cannot be interpolated` };
  }
  const t = (size - sizes[lo]!) / (sizes[hi]! - sizes[lo]!);
  return { ok: true, value: mix(p0, p1, t) };
}

function mix(a: Point, b: Point, t: number): Point {
  return {
    read: a.read + (b.read - a.read) * t,
    write: a.write + (b.write - a.write) * t,
    area: a.area + (b.area - a.area) * t,
    exact: false,
  };
}

const portsText = (q: CactiQuery) => `${q.readPorts} read + ${q.writePorts} write + ${q.readWritePorts} read/write ports`;

/** Looks a memory up in the table (see the module comment for the rules). */
export function lookupCacti(table: CactiTable, q: CactiQuery): CactiLookup {
  const tech = techUm(q.technologyNm);
  if (!table.grid.techs.includes(tech)) {
    return { ok: false, reason: `technology ${q.technologyNm} nm is not in the CACTI table (nodes: ${table.grid.techs.map((t) => `${Math.round(t * 1000)} nm`).join(', ')})` };
  }
  if (!table.grid.ports.some(([r, w, rw]) => r === q.readPorts && w === q.writePorts && rw === q.readWritePorts)) {
    return {
      ok: false,
      reason: `${portsText(q)} are not in the CACTI table (port combinations: ${table.grid.ports.map(([r, w, rw]) => `${r}+${w}+${rw}`).join(', ')} as read+write+read/write)`,
    };
  }
  const widths = table.grid.widths;
  const wFirst = widths[0];
  const wLast = widths[widths.length - 1];
  if (wFirst === undefined || wLast === undefined || q.widthBits < wFirst || q.widthBits > wLast) {
    return { ok: false, reason: `read bandwidth ${q.widthBits} b is outside the CACTI table (${wFirst ?? '?'}–${wLast ?? '?'} b)` };
  }
  const valueAt = (width: number): Along => {
    const key = seriesKey(tech, q.readPorts, q.writePorts, q.readWritePorts, width);
    const series = table.series[key];
    const describe = `${width} b wide, ${portsText(q)}, ${q.technologyNm} nm`;
    if (!series) return { ok: false, reason: `the CACTI table has no figures for ${describe}` };
    return alongSize(series, q.sizeBits, describe);
  };
  const hi = widths.findIndex((w) => w >= q.widthBits);
  if (widths[hi] === q.widthBits) {
    const v = valueAt(q.widthBits);
    return v.ok ? { ok: true, cost: toCost(v.value) } : v;
  }
  const w0 = widths[hi - 1]!;
  const w1 = widths[hi]!;
  const v0 = valueAt(w0);
  if (!v0.ok) return v0;
  const v1 = valueAt(w1);
  if (!v1.ok) return v1;
  return { ok: true, cost: toCost(mix(v0.value, v1.value, (q.widthBits - w0) / (w1 - w0)), true) };
}

function toCost(p: Point, betweenWidths = false): CactiCost {
  return { readEnergy: p.read, writeEnergy: p.write, area: p.area, exact: p.exact, betweenWidths };
}
