#!/usr/bin/env node
// The `stream-studio` command: runs the built CLI, or the TypeScript sources in a development checkout
// (see load-cli.js for which and why).
import { setFlagsFromString } from 'node:v8';
import { loadCli } from './load-cli.js';

// A CLI process lives for a second or two and spends much of it getting the engine's hot loops compiled: a smaller
// inlining budget for V8's optimising compiler gets optimised code sooner and costs less compile time (`cost` on
// ResNet-18 about 5 % less CPU in alternated runs; long searches and `run` unchanged: bench/cli.bench.ts). Set
// before any code is hot; the web host (`npm start`, scripts/start.mjs) keeps V8's defaults.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');

const main = await loadCli();
process.exitCode = await main(process.argv.slice(2));
