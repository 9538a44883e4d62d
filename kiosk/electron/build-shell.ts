import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/*
 * Bundles the Electron shell next to the renderer (npm run kiosk:build puts that in ../ui):
 *   .artifacts/kiosk/electron/kiosk.main.js      ESM, the main process; npm packages stay external and
 *                                                 load from node_modules (native ones rebuilt for Electron)
 *   .artifacts/kiosk/electron/kiosk.preload.cjs  CommonJS with everything inlined: a sandboxed preload can
 *                                                 require only 'electron'
 *   .artifacts/kiosk/electron/pcsc-child.mjs     the card readers' child process (kiosk/core/readers), as it is:
 *                                                 the main process starts it from beside itself
 * Run with tsx on a packaging machine (kiosk:electron, kiosk:package); it needs no Electron binary itself.
 */

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const OUT_DIR = here('../../.artifacts/kiosk/electron/');

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: here('./kiosk.main.ts'),
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'kiosk.main.js' } },
  },
});

await build({
  configFile: false,
  logLevel: 'warn',
  ssr: { noExternal: true },
  build: {
    ssr: here('./kiosk.preload.ts'),
    outDir: OUT_DIR,
    emptyOutDir: false,
    target: 'chrome120',
    minify: false,
    rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'kiosk.preload.cjs' } },
  },
});

copyFileSync(here('../core/readers/pcsc-child.mjs'), `${OUT_DIR}pcsc-child.mjs`);

console.log(`Electron shell bundled in ${OUT_DIR}`);
