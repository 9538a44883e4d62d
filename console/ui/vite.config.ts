import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/*
 * The organisers' console. The server serves the build at /console/ (server/http/console-static.ts), so
 * every URL is built absolute under that base and deep links such as /console/members/M1 load their assets.
 * The output lives in .artifacts/ (ignored by git and eslint); `npm start` builds it when it is missing.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../.artifacts/console/', import.meta.url)),
    emptyOutDir: true,
    // Organisers use current Chromium, Edge or Firefox on office laptops; no legacy transforms.
    target: 'es2022',
    sourcemap: false,
    // Every asset is a file with a hashed name, so the CSP can stay 'self' only (no data: scripts or styles).
    assetsInlineLimit: 0,
    // ECharts (~1 MB) is loaded only by the flows page, as its own chunk (a lazy import there).
    chunkSizeWarningLimit: 1200,
  },
});
