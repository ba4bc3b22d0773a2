#!/usr/bin/env node
// Runs the CLI from its TypeScript sources through tsx, so the command works right after `npm install`
// without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
