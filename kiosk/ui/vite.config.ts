import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/*
 * The kiosk renderer. `base: './'` keeps every URL relative, so the same build loads from Electron's
 * app:// protocol and from the browser-mode host. The output lives in .artifacts/ (ignored by git and
 * eslint); electron-builder packs it from there.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../.artifacts/kiosk/ui/', import.meta.url)),
    emptyOutDir: true,
    // Electron 41 and Debian's Chromium are both far newer; no legacy transforms needed.
    target: 'chrome120',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
});
