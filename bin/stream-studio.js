#!/usr/bin/env -S node --no-concurrent-recompilation
// The `stream-studio` command: runs the built CLI, or the TypeScript sources in a development checkout
// (see load-cli.js for which and why).
import { setFlagsFromString } from 'node:v8';
import { loadCli } from './load-cli.js';

// A CLI process lives for a second or two and spends much of it getting the engine's hot loops compiled: a smaller
// inlining budget for V8's optimising compiler gets optimised code sooner and costs less compile time (`cost` on
// ResNet-18 about 5 % less CPU in alternated runs; long searches and `run` unchanged: bench/cli.bench.ts). Set
// before any code is hot; the web host (`npm start`, scripts/start.mjs) keeps V8's defaults.
// The line above (the command as installed, run through its `#!` line) also compiles optimised code on this thread
// rather than on V8's background threads: this process's total CPU is what a user pays, and a background compile
// of code the command no longer needs, or that it has meanwhile run in the interpreter, is CPU spent for nothing
// (`cost` on ResNet-18 about 13 % less CPU in alternated runs, and less wall time on a busy machine). The option
// exists only at start-up (set here it has no effect), so `node bin/stream-studio.js` runs without it.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');

const main = await loadCli();
process.exitCode = await main(process.argv.slice(2));
