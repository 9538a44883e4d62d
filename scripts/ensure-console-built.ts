/**
 * Run by `npm start` before the server: builds the console (`npm run console:build`) when its build is
 * missing, so a fresh checkout serves a working /console/ with one command. An existing build is left as it
 * is; after changing console/ run `npm run console:build` yourself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONSOLE_DIR } from '../server/http/console-static.ts';

const dir = process.env.MIC_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;

if (existsSync(join(dir, 'index.html'))) process.exit(0);

const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
const config = fileURLToPath(new URL('../console/ui/vite.config.ts', import.meta.url));
console.log(`The console is not built yet; building it into ${dir} (once; a few seconds)…`);
try {
  // NODE_ENV=production whatever the caller's is: Vite takes it from its environment, and a development
  // React build would be slower and run every effect twice.
  execFileSync(process.execPath, [viteBin, 'build', '--config', config, '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
} catch {
  console.error('Building the console failed (see above). The server starts anyway; /console/ explains how to build it.');
}
