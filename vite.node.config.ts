import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

/**
 * Large JSON data parsed at first use instead of when its chunk loads: the CACTI table (100 KB) is imported by
 * every command's hardware loading but read only when a memory's costs come from CACTI. The module's default
 * export gets one getter per top-level key; the text is parsed once, by the first of them.
 */
function lazyJson(files: readonly string[]): Plugin {
  // Not ending in .json, or vite's own JSON plugin would take the generated module for JSON.
  const PREFIX = '\0lazy-json:';
  const SUFFIX = '.lazy.js';
  return {
    name: 'stream-studio-lazy-json',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!files.some((f) => source.endsWith(f))) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? PREFIX + resolved.id + SUFFIX : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const text = readFileSync(id.slice(PREFIX.length, -SUFFIX.length), 'utf8');
      const keys = Object.keys(JSON.parse(text) as object);
      const getters = keys.map((k) => `get ${JSON.stringify(k)}() { return data()[${JSON.stringify(k)}]; }`).join(',\n  ');
      return `const text = ${JSON.stringify(text)};\nlet parsed;\nconst data = () => (parsed ??= JSON.parse(text));\nexport default {\n  ${getters}\n};\n`;
    },
  };
}

// Server-side bundles for the web host and the CLI (plain Node, no Electron).
export default defineConfig({
  plugins: [lazyJson(['resources/cacti/cacti-table.json'])],
  // Pure-JS dependencies on the CLI's start-up path are bundled in: one module to parse instead of dozens of
  // small files to resolve and load (yaml alone has ~80). Native, worker-spawning and large optional ones
  // (better-sqlite3, ws, echarts, highs, bullmq) stay external and load only where used.
  ssr: { noExternal: ['yaml', 'zod'] },
  // yaml's ES-module build (its `browser` entry, the same code): the CommonJS build that Node's condition picks is
  // wrapped whole and ran on load, ~10 ms of every command, although our own fast path reads most YAML files.
  resolve: { alias: [{ find: /^yaml$/, replacement: resolve(import.meta.dirname, 'node_modules/yaml/browser/index.js') }] },
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
