import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The worker's TypeScript entry, which the bundle starts from. */
const WORKER_ENTRY = fileURLToPath(new URL('./event-verifier.worker.ts', import.meta.url));

/**
 * The TypeScript loader's own bundler: the server runs on tsx, and tsx brings esbuild. Taken through
 * tsx's resolution, so it is the very esbuild the server's code is already compiled with.
 */
type Bundler = {
  build(options: object): Promise<{ outputFiles: { text: string }[] }>;
  stop(): Promise<void> | void;
};
const loadBundler = (): Bundler => {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('tsx'))('esbuild') as Bundler;
};

let source: Promise<string> | undefined;

/**
 * The verification worker as one plain CommonJS script (the worker and everything it imports), built
 * once per process and started with `eval`. A worker that loads TypeScript through tsx instead needs
 * tsx's loader hooks, which Node 20 runs on one more thread with its own V8 isolate per worker: about
 * 25 MB resident each, which the server pays per verification thread.
 */
export function verifierWorkerSource(): Promise<string> {
  source ??= (async () => {
    const bundler = loadBundler();
    try {
      const built = await bundler.build({ entryPoints: [WORKER_ENTRY], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
      return built.outputFiles[0]!.text;
    } finally {
      // The bundler's service process is needed once; the server should not keep it running.
      await bundler.stop();
    }
  })();
  source.catch(() => (source = undefined));
  return source;
}
