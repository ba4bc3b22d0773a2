#!/usr/bin/env node
// Runs every benchmark under bench/ (or those named on the command line) one after the other.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
if (files.length === 0) console.log('no benchmarks found');
process.exit(failed === 0 ? 0 : 1);
