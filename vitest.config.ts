import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Two projects: the engine, services and CLI run in Node; renderer components and chart builders in jsdom.
const browserSide = ['test/unit/renderer/**/*.test.ts', 'test/unit/charts/**/*.test.ts'];

export default defineConfig({
  test: {
    // CI also writes a JSON report that .ci/run turns into its "N passed, N failed" line.
    reporters: process.env.STREAM_STUDIO_VITEST_JSON ? ['default', 'json'] : ['default'],
    outputFile: process.env.STREAM_STUDIO_VITEST_JSON ? { json: process.env.STREAM_STUDIO_VITEST_JSON } : undefined,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: browserSide,
          setupFiles: ['test/support/matchers.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: browserSide,
          setupFiles: ['test/unit/renderer/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
