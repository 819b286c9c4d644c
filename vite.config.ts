/**
 * Builds the studio's renderer into dist/renderer, which both hosts serve (Electron loads the file,
 * the web host serves it over loopback). Relative asset paths so it works from file:// as well.
 * Monaco is bundled here (no CDN: the studio runs offline and under a strict CSP).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
