// Builds the page: root renderer/, output renderer/dist (served by main/host and loaded by
// Electron). Relative asset paths so the same build works from http:// and a custom protocol;
// no module-preload polyfill and no inline scripts, so the strict CSP (script-src 'self') holds.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
});
