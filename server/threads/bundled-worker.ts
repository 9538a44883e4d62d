import { createRequire } from 'node:module';

/**
 * The TypeScript loader's own bundler: the server runs on tsx, and tsx brings esbuild. Taken through
 * tsx's resolution, so it is the very esbuild the server's code is already compiled with.
 */
type Bundler = {
  build(options: object): Promise<{ outputFiles: { text: string }[] }>;
  stop(): Promise<void> | void;
};
const require = createRequire(import.meta.url);
const loadBundler = (): Bundler => createRequire(require.resolve('tsx'))('esbuild') as Bundler;

/** Packages with native code stay out of the bundle, required by their absolute path: a worker's cwd may be any folder. */
const NATIVE_PACKAGES = /^better-sqlite3$/;
const nativeByPath = {
  name: 'native-by-path',
  setup(build: { onResolve(options: { filter: RegExp }, resolve: (args: { path: string }) => { path: string; external: boolean }): void }) {
    build.onResolve({ filter: NATIVE_PACKAGES }, (args) => ({ path: require.resolve(args.path), external: true }));
  },
};

const sources = new Map<string, Promise<string>>();

/**
 * A worker's TypeScript entry and everything it imports as one plain CommonJS script, built once per process
 * and started with `eval`. A worker that loads TypeScript through tsx instead needs tsx's loader hooks, which
 * Node 20 runs on one more thread with its own V8 isolate per worker: about 25 MB resident each.
 */
export function bundledWorkerSource(entry: string): Promise<string> {
  let source = sources.get(entry);
  if (!source) {
    source = (async () => {
      const bundler = loadBundler();
      try {
        const built = await bundler.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent', plugins: [nativeByPath] });
        return built.outputFiles[0]!.text;
      } finally {
        // The bundler's service process is needed once; the server should not keep it running.
        await bundler.stop();
      }
    })();
    sources.set(entry, source);
    source.catch(() => sources.delete(entry));
  }
  return source;
}
