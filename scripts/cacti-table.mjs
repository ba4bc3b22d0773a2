#!/usr/bin/env -S npx tsx
/**
 * Generates Stream Studio's CACTI memory-cost table (resources/cacti/cacti-table.json) by running a CACTI 7
 * binary that YOU built (this script never builds CACTI; the repository holds no CACTI code or binary). Run it with
 * tsx: the CACTI configuration is the engine's (src/engine/hardware/cacti-run.ts).
 *
 *   npx tsx scripts/cacti-table.mjs --cacti /path/to/cacti_master/cacti [--out resources/cacti/cacti-table.json] [--jobs 2]
 *        [--techs 0.022,0.045] [--cache runs.jsonl] [--assemble-only]
 *
 * --cache keeps every CACTI result as one JSON line and skips points already there (a long run can resume);
 * --assemble-only writes the table from the cache without running CACTI (points not run yet are left out).
 *   npx tsx scripts/cacti-table.mjs --cacti /path/to/cacti --points '[{"sizeBits":3072,"width":24,"r":1,"w":1,"rw":0,"tech":0.022}]'
 *
 *   npx tsx scripts/cacti-table.mjs --cacti /path/to/cacti --random 400 [--seed 20261203] [--table-widths]
 *
 * The second form runs CACTI directly for the listed points and prints JSON (used to record the direct-run
 * figures of test/fixtures/cacti/direct-runs.json). The third draws that many shapes at random (seeded, so the
 * same list every time: 60 % in the sweep region of SRAMs 64 KB-32 MB with read bandwidths 64-2048 b, 40 % over
 * 4 Kib-2 Gib and 16-4096 b; three widths in four a multiple of 8 b; the table's port combinations), runs them and
 * prints the same JSON with a "domain" of "sweep" or "wide" (the "offGrid" runs of that fixture); with
 * --table-widths each width is moved to the nearest power of two or x1.5 width (sizes stay off the grid).
 *
 * CACTI is configured as ZigZag 3.8.0 configures it (zigzag/cacti/cacti_master/cacti_config_creator.py and
 * cacti_top.py): a UCA "ram" (scratchpad) of `size/8` bytes, block size = output/input bus width = the memory's
 * read bandwidth (ZigZag writes the bit width into the byte field), associativity 1, one bank, the given exclusive
 * read / write / read-write port counts, itrs-hp cells and periphery, 360 K, ED^2 optimisation, ECC on,
 * "Global_30" wires. Read energy, write energy (nJ per access, stored as pJ) and area (mm^2) come from CACTI's
 * CSV output (`<cfg>.out`), reading only those columns (the tag/search columns of a scratchpad are "N/A").
 * A point where CACTI reports no valid organisation is stored as null: the engine refuses it, it never guesses.
 */
import { spawn } from 'node:child_process';
import { cactiConfig } from '../src/engine/hardware/cacti-run.ts';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------------------------------------- the grid
/** Technology nodes (um): ZigZag's CACTI option list. */
const TECHS = [0.022, 0.028, 0.032, 0.04, 0.065, 0.09];
/** Exclusive read, exclusive write, read-write port counts. */
const PORTS = [
  [1, 1, 0],
  [2, 2, 0],
  [0, 0, 1],
];
/**
 * Read bandwidths (bits): powers of two from 8 to 16384 and the x1.5 widths from 24 to 1536 (designs use 24, 192,
 * 384 b...). CACTI's figures are not monotone in the width (its organisation changes every few bytes of width), so
 * a width between two of these is interpolated and flagged as approximate by the lookup (src/engine/hardware/cacti.ts).
 */
const WIDTHS = [16, 32, 64, 128, 256, 512, 1024, 2048, 8, 4096, 8192, 16384, 24, 48, 96, 192, 384, 768, 1536];
/**
 * Sizes (bits). CACTI's figures are close to linear in size within one array organisation but jump where its ED^2
 * optimisation picks another one, so the grid is denser where designs live (measured against direct runs:
 * test/unit/hardware/cacti.test.ts, docs/design-edits.md):
 * - every width: powers of two from 512 b to 16 Gib, and the x1.5 points between them up to 768 Mib;
 * - power-of-two widths 16-2048 b: 4 points per octave (x1, x1.25, x1.5, x1.75) from 8 Kib to 1 Gib.
 */
const SIZES = sizeGrid(9, 30, 2, 34);
const MID = { sizesPerOctave: 4, fromBits: 2 ** 13, toBits: 2 ** 30, widths: [16, 32, 64, 128, 256, 512, 1024, 2048] };
const MID_SIZES = sizeGrid(13, 30, MID.sizesPerOctave, 30);

/** 2^lo..2^hi with `per` points per octave (2^k x (1 + j/per)), then powers of two up to 2^top. */
function sizeGrid(lo, hi, per, top) {
  const out = [];
  for (let k = lo; k < hi; k++) for (let j = 0; j < per; j++) out.push(2 ** k * (1 + j / per));
  for (let k = hi; k <= top; k++) out.push(2 ** k);
  return out;
}
/** A memory has at least this many words of the read width (narrower shapes are not tabulated). */
const MIN_WORDS = 16;
/**
 * Extra exact points: memories of the shipped and reference designs that fall between grid sizes
 * (generic_array_cacti.yaml's 10 Gb DRAM, read as an SRAM as ZigZag 3.8.0 does without `mem_type`).
 */
const EXTRA = [{ sizeBits: 10_000_000_000, width: 2048, r: 0, w: 0, rw: 1 }];

// ---------------------------------------------------------------------------------------------- CACTI
/** The configuration ZigZag 3.8.0 writes: the engine's own writer, so the table and direct runs ask CACTI alike. */
const config = (point) =>
  cactiConfig({ sizeBits: point.sizeBits, widthBits: point.width, readPorts: point.r, writePorts: point.w, readWritePorts: point.rw, technologyNm: point.tech * 1000 });

/** Parses CACTI's CSV (header line + one value line), reading only the columns we need. */
function parseCsv(text) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return null;
  const header = lines[0].split(',').map((h) => h.trim());
  const values = lines[lines.length - 1].split(',').map((v) => v.trim());
  const column = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`CACTI output has no column "${name}"`);
    const v = Number(values[i]);
    if (!Number.isFinite(v)) throw new Error(`CACTI output column "${name}" is not a number: ${values[i]}`);
    return v;
  };
  return {
    readNj: column('Dynamic read energy (nJ)'),
    writeNj: column('Dynamic write energy (nJ)'),
    areaMm2: column('Area (mm2)'),
    outputWidth: column('Output width (bits)'),
  };
}

let counter = 0;
/** Runs CACTI for one point; resolves to {read, write, area} (pJ, pJ, mm^2) or null (no valid organisation). */
function runCacti(cacti, point) {
  const cactiDir = dirname(cacti);
  const id = `${process.pid}-${counter++}`;
  // CACTI reads tech_params/ relative to its working directory and crashes on absolute input paths, so the
  // configuration goes in a scratch folder next to the binary and is passed relatively.
  const scratch = join(cactiDir, '.stream-studio-scratch');
  mkdirSync(scratch, { recursive: true });
  const cfg = `.stream-studio-scratch/${id}.cfg`;
  writeFileSync(join(cactiDir, cfg), config(point));
  return new Promise((resolvePoint, reject) => {
    const child = spawn(cacti, ['-infile', `./${cfg}`], { cwd: cactiDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const csv = join(cactiDir, `${cfg}.out`);
      let result = null;
      if (existsSync(csv)) {
        const parsed = parseCsv(readFileSync(csv, 'utf8'));
        if (parsed) result = { read: parsed.readNj * 1000, write: parsed.writeNj * 1000, area: parsed.areaMm2 };
      }
      rmSync(join(cactiDir, cfg), { force: true });
      rmSync(csv, { force: true });
      if (!result && !/no valid|ERROR|Error/i.test(out)) {
        // Neither a result nor CACTI's own refusal: report rather than store a guess.
        result = null;
      }
      resolvePoint(result);
    });
  });
}

async function runAll(cacti, points, jobs, onDone, onResult) {
  const results = new Array(points.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < points.length) {
      const i = next++;
      results[i] = await runCacti(cacti, points[i]);
      onResult?.(points[i], results[i]);
      done++;
      onDone?.(done, points.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return results;
}

/** Widths --table-widths snaps to: powers of two 8-16384 b and x1.5 widths 24-1536 b (fixed, so the list never changes). */
const SNAP_WIDTHS = [8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 4096, 8192, 16384];
/** Seeded random shapes (see the module comment); the generator is a plain LCG so the list never changes. */
function randomPoints(count, seed, tech, tableWidths = false) {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const points = [];
  while (points.length < count) {
    const sweep = rnd() < 0.6;
    const [lo, hi] = sweep ? [19, 28] : [12, 31];
    const [wlo, whi] = sweep ? [6, 11] : [4, 12];
    let width = 2 ** (wlo + rnd() * (whi - wlo));
    width = rnd() < 0.75 ? Math.max(8, Math.round(width / 8) * 8) : Math.round(width);
    if (tableWidths) width = SNAP_WIDTHS.reduce((best, w) => (Math.abs(Math.log2(w / width)) < Math.abs(Math.log2(best / width)) ? w : best));
    const sizeBits = Math.round(2 ** (lo + rnd() * (hi - lo)) / 8) * 8;
    const [r, w, rw] = PORTS[Math.floor(rnd() * PORTS.length)];
    if (sizeBits / width < MIN_WORDS) continue;
    points.push({ sizeBits, width, r, w, rw, tech, domain: sweep ? 'sweep' : 'wide' });
  }
  return points;
}

/** 6 significant digits, as CACTI prints them. */
const sig = (v) => Number(v.toPrecision(6));

// ---------------------------------------------------------------------------------------------- main
function args(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      cacti: { type: 'string' },
      out: { type: 'string', default: 'resources/cacti/cacti-table.json' },
      jobs: { type: 'string', default: '2' },
      points: { type: 'string' },
      random: { type: 'string' },
      seed: { type: 'string' },
      'table-widths': { type: 'boolean' },
      techs: { type: 'string' },
      cache: { type: 'string' },
      'assemble-only': { type: 'boolean' },
    },
  });
  if (!values.cacti) throw new Error('--cacti /path/to/cacti is required (a CACTI 7 binary you built; its tech_params/ must sit beside it)');
  const cacti = resolve(values.cacti);
  if (!existsSync(cacti)) throw new Error(`no CACTI binary at ${cacti}`);
  const number = (v) => (v === undefined ? undefined : Number(v));
  return {
    cacti,
    out: values.out,
    jobs: Number(values.jobs),
    points: values.points === undefined ? undefined : JSON.parse(values.points),
    random: number(values.random),
    seed: number(values.seed),
    tableWidths: values['table-widths'] ?? false,
    techs: values.techs?.split(',').map(Number),
    cache: values.cache,
    assembleOnly: values['assemble-only'] ?? false,
  };
}

async function main() {
  const opts = args(process.argv.slice(2));
  if (opts.random) opts.points = randomPoints(opts.random, opts.seed ?? 20261203, (opts.techs ?? [0.022])[0], opts.tableWidths);
  if (opts.points) {
    const results = await runAll(opts.cacti, opts.points.map(({ domain: _domain, ...p }) => p), opts.jobs);
    const rows = opts.points.map((p, i) => ({ ...p, ...(results[i] ? { read: sig(results[i].read), write: sig(results[i].write), area: sig(results[i].area) } : { invalid: true }) }));
    process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
    return;
  }
  const techs = opts.techs ?? TECHS;
  const points = [];
  for (const tech of techs) {
    for (const width of WIDTHS) {
      for (const [r, w, rw] of PORTS) {
        const denser = MID.widths.includes(width) ? MID_SIZES : [];
        const extra = EXTRA.filter((e) => e.r === r && e.w === w && e.rw === rw && e.width === width).map((e) => e.sizeBits);
        const sizes = [...new Set([...SIZES, ...denser, ...extra])];
        sizes.sort((a, b) => a - b);
        for (const sizeBits of sizes) {
          if (sizeBits / width < MIN_WORDS) continue;
          points.push({ tech, r, w, rw, width, sizeBits });
        }
      }
    }
  }
  const keyOf = (p) => `${p.tech}/${p.r}-${p.w}-${p.rw}/${p.width}/${p.sizeBits}`;
  const cached = new Map();
  if (opts.cache && existsSync(opts.cache)) {
    for (const line of readFileSync(opts.cache, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line);
      cached.set(keyOf(row.point), row.result);
    }
  }
  // Powers of two first, then the 4-per-octave sizes, then the x1.5 widths (a run stopped early can resume: --cache).
  const rank = (p) => (!Number.isInteger(Math.log2(p.width)) ? 2 : SIZES.includes(p.sizeBits) ? 0 : 1);
  const todo = opts.assembleOnly ? [] : [0, 1, 2].flatMap((k) => points.filter((p) => rank(p) === k && !cached.has(keyOf(p))));
  const started = Date.now();
  const fresh = await runAll(opts.cacti, todo, opts.jobs, (done, total) => {
    if (done % 50 === 0 || done === total) {
      process.stderr.write(`${done}/${total} points, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }, (point, result) => {
    cached.set(keyOf(point), result);
    if (opts.cache) appendFileSync(opts.cache, JSON.stringify({ point, result }) + '\n');
  });
  void fresh;
  // A width enters the table only with every point of the coarse grid (a partial run leaves it out, never half of
  // it); denser points not run yet only leave wider cells (reported).
  const incomplete = new Set(points.filter((p) => !cached.has(keyOf(p)) && SIZES.includes(p.sizeBits)).map((p) => p.width));
  const widths = [...WIDTHS].filter((w) => !incomplete.has(w)).sort((a, b) => a - b);
  const present = points.filter((p) => !incomplete.has(p.width) && cached.has(keyOf(p)));
  const missingDenser = points.filter((p) => !incomplete.has(p.width) && !cached.has(keyOf(p))).length;
  const results = present.map((p) => cached.get(keyOf(p)));
  // Layout: series[key] = [sizeBits..., with read/write/area columns]; key = `${tech}/${r}-${w}-${rw}/${width}`.
  const series = {};
  present.forEach((p, i) => {
    const key = `${p.tech}/${p.r}-${p.w}-${p.rw}/${p.width}`;
    const s = (series[key] ??= { sizes: [], read: [], write: [], area: [] });
    const res = results[i];
    s.sizes.push(p.sizeBits);
    s.read.push(res ? sig(res.read) : null);
    s.write.push(res ? sig(res.write) : null);
    s.area.push(res ? sig(res.area) : null);
  });
  const table = {
    format: 'stream-studio-cacti-table/1',
    source: 'CACTI 7 as vendored by ZigZag 3.8.0 (zigzag/cacti/cacti_master), configured as ZigZag 3.8.0 does; see scripts/cacti-table.mjs',
    licence: 'resources/cacti/LICENSE-CACTI.txt',
    units: { sizeBits: 'bit', width: 'bit', read: 'pJ per access', write: 'pJ per access', area: 'mm^2', tech: 'um' },
    grid: { techs, ports: PORTS, widths, sizes: SIZES, denser: MID, minWords: MIN_WORDS, extra: EXTRA },
    series,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(table));
  const left =
    (incomplete.size > 0 ? `; widths not run in full, left out: ${[...incomplete].join(', ')} b` : '') +
    (missingDenser > 0 ? `; ${missingDenser} points of the 4-per-octave region not run yet` : '');
  process.stderr.write(`wrote ${opts.out}: ${present.length} of ${points.length} points, ${results.filter((r) => !r).length} without a valid organisation${left}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
