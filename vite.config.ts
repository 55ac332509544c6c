/**
 * The web console's build (README "Web console"): ui/ → dist/ui, served by the service at /ui/
 * (src/http/ui-router.ts). `npm run build` runs it after tsc; the e2e test builds into a temporary
 * directory of its own (UI_DIR). Content-hashed file names under assets/ let the service cache
 * them for a year; the graph library is a chunk of its own, loaded only by the graph view.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: join(here, 'ui'),
  base: '/ui/',
  publicDir: join(here, 'ui', 'public'),
  logLevel: 'warn',
  build: {
    outDir: join(here, 'dist', 'ui'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npm run dev:ui`: the console with hot reload, against a service on :8080.
    proxy: { '/aai': 'http://127.0.0.1:8080' },
  },
});
