import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Server-side bundles for the web host and the CLI (plain Node, no Electron).
export default defineConfig({
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
      },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'better-sqlite3', 'ws', 'electron', 'tsx', /^tsx\//],
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
