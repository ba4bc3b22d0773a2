import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** The renderer's build, shared by electron-vite (desktop) and plain vite (web host, E2E). */
export const rendererConfig: UserConfig = {
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
  },
};

export default defineConfig(rendererConfig);
