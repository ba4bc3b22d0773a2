import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Server-side bundles for the web host and the CLI (plain Node, no Electron).
export default defineConfig({
  // Pure-JS dependencies on the CLI's start-up path are bundled in: one module to parse instead of dozens of
  // small files to resolve and load (yaml alone has ~80). Native, worker-spawning and large optional ones
  // (better-sqlite3, ws, echarts, protobufjs) stay external and load only where used.
  ssr: { noExternal: ['yaml', 'zod'] },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        server: resolve(import.meta.dirname, 'src/server/index.ts'),
        cli: resolve(import.meta.dirname, 'src/cli/index.ts'),
        worker: resolve(import.meta.dirname, 'src/app/pipeline/worker.ts'),
        'ga-worker': resolve(import.meta.dirname, 'src/engine/stream/ga-worker.ts'),
        'pool-worker': resolve(import.meta.dirname, 'src/app/sweep/pool-worker.ts'),
        'whatif-worker': resolve(import.meta.dirname, 'src/app/whatif/whatif-worker.ts'),
        'co-worker': resolve(import.meta.dirname, 'src/engine/stream/co-worker.ts'),
      },
      // The engine's modules are free of side effects on import: app code imports the engine's barrel, and a
      // command's bundle keeps only what it uses (inspect must not load the ONNX schema or the pipeline).
      treeshake: { moduleSideEffects: (id: string) => !id.replace(/\\/g, '/').includes('/src/engine/') },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'better-sqlite3', 'ws', 'electron', 'tsx', /^tsx\//],
      // Chunks sit beside the entries: modules find worker.js and ga-worker.js beside themselves.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
