#!/usr/bin/env node
// The `stream-studio` command: runs the built CLI, or the TypeScript sources in a development checkout
// (see load-cli.js for which and why).
import { loadCli } from './load-cli.js';

const main = await loadCli();
process.exitCode = await main(process.argv.slice(2));
