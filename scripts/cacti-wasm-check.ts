/**
 * Compares the CACTI WebAssembly module (resources/cacti/cacti.mjs) with every direct native CACTI run recorded in
 * test/fixtures/cacti/direct-runs.json (729 runs, ≈ 11 min; the unit test checks a handful):
 *   npx tsx scripts/cacti-wasm-check.ts [--limit N]
 * Prints one line per mismatch and a summary; exits 1 on any mismatch.
 */
import { runCactiDirect } from '../src/engine/hardware/cacti-costs';
import { installCactiWasm } from '../src/engine/io';
import { allDirectRuns, describeRun, queryOf } from '../test/fixtures/cacti/direct-runs';

const all = allDirectRuns();
const limitAt = process.argv.indexOf('--limit');
const runs = limitAt > 0 ? all.slice(0, Number(process.argv[limitAt + 1])) : all;
if (!(await installCactiWasm())) throw new Error('the CACTI module did not start');
let same = 0;
let refused = 0;
let bad = 0;
const started = performance.now();
for (const run of runs) {
  const res = runCactiDirect(queryOf(run))!;
  const name = describeRun(run);
  let mismatch: string | null = null;
  if (run.invalid) {
    if (res.ok) mismatch = 'native CACTI found no organisation, the module gave figures';
    else refused++;
  } else if (!res.ok) mismatch = res.reason;
  else if (res.read === run.read && res.write === run.write && res.area === run.area) same++;
  else mismatch = `module r ${res.read} w ${res.write} a ${res.area}, native r ${run.read} w ${run.write} a ${run.area}`;
  if (mismatch !== null) {
    bad++;
    console.log(`${name}: ${mismatch}`);
  }
}
console.log(`${runs.length} fixture runs in ${((performance.now() - started) / 1000).toFixed(0)} s: ${same} identical figures, ${refused} refused as native CACTI refuses, ${bad} different`);
process.exitCode = bad > 0 ? 1 : 0;
