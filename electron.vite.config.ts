import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer.vite.config';

const nodeExternals = ['better-sqlite3', 'electron', 'ws'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        external: nodeExternals,
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The pipeline worker (utilityProcess) and the GA's worker threads load these beside index.js.
          worker: resolve(import.meta.dirname, 'src/app/pipeline/worker.ts'),
          'ga-worker': resolve(import.meta.dirname, 'src/engine/stream/ga-worker.ts'),
          'co-worker': resolve(import.meta.dirname, 'src/engine/stream/co-worker.ts'),
          // Sweeps started in the app run their points in these (src/app/sweep/local-pool.ts forks it).
          'pool-worker': resolve(import.meta.dirname, 'src/app/sweep/pool-worker.ts'),
          // The live what-if evaluator's worker thread (src/app/whatif/evaluator.ts).
          'whatif-worker': resolve(import.meta.dirname, 'src/app/whatif/whatif-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed renderer can only load a CommonJS preload.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: rendererConfig,
});
