import path from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The dashboard is built to `dist/dashboard` at the workspace root, which the api-gateway serves
 * under `/` (apps/api-gateway/src/dashboard). Everything is bundled: nothing is fetched from the
 * internet at run time, and no inline script is emitted (the Content-Security-Policy forbids it).
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  // The pure domain library (no Node.js, no framework): labels read as the services write them.
  resolve: {
    alias: { '@orgo/domain': path.resolve(__dirname, '..', '..', 'libs', 'domain', 'src', 'index.ts') },
  },
  build: {
    outDir: path.resolve(__dirname, '..', '..', 'dist', 'dashboard'),
    // Keep the previous build's assets: a page already open still loads its chunks (scripts/build-dashboard.js prunes old ones).
    emptyOutDir: false,
    assetsDir: 'assets',
    // Every asset is a file with a content hash (none inlined as a data: URL, which the policy allows for images only).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
  test: {
    root: __dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
