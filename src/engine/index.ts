/**
 * The engine's public API: what the CLI, the pipeline worker, the app services and the tests import.
 * Pure TypeScript: file loaders (node:fs) are exported separately from ./io.
 */
export * from './errors';
export { contentHash, canonicalJson, sha256Hex } from './content-hash';
export * from './results/types';
export * from './workload';
export * from './hardware';
export * from './mapping';
export * from './zigzag';
export * from './stream';
export * from './sweep';
