import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const KIOSK_VITE_CONFIG = fileURLToPath(new URL('../ui/vite.config.ts', import.meta.url));
/** Where kiosk:build puts the renderer (git- and lint-ignored, like every build product here). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../.artifacts/kiosk/ui/', import.meta.url));

const VITE_BIN = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

export const isUiBuilt = (uiDir: string): boolean => existsSync(join(uiDir, 'index.html'));

/**
 * Builds the renderer into `outDir`, as `npm run kiosk:build` does. In a child process with
 * NODE_ENV=production: Vite takes NODE_ENV from its caller, and inside vitest (NODE_ENV=test) an in-process
 * build ships React's development build, which, among other things, runs every effect twice.
 */
export async function buildKioskUi(outDir: string = DEFAULT_UI_DIR): Promise<string> {
  await promisify(execFile)(process.execPath, [VITE_BIN, 'build', '--config', KIOSK_VITE_CONFIG, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return outDir;
}
