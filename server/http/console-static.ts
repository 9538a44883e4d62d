import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, Request, RequestHandler, Response } from 'express';

/**
 * Serves the organisers' console (console/ui, built by `npm run console:build`) at /console/, and sends `/`
 * there. Only files inside the build folder are ever read; URLs that name no file are the console's own
 * client-side routes and get its index.html, except under assets/, where a missing file is a real 404.
 */

export const CONSOLE_BASE = '/console/';
/** Where console:build writes (the Vite config's outDir). MIC_CONSOLE_DIR overrides it (tests, packaged installs). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../.artifacts/console/', import.meta.url));

/** Only what a Vite build of the console produces; anything else is "not found". */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The console runs its own built files and nothing else: no inline script or style, no other origin. ECharts
 * draws on a canvas and styles its elements through the CSSOM, which style-src does not restrict. blob: style
 * sheets are ones the console's own script made: the printable transfer letter is shown from a blob: page,
 * which keeps this policy, and its inline style sheet is handed over that way (console/ui/transfers/print-view.ts).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' blob:",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  // The session token lives in the page; nothing about the page's URL needs to leave it.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

/** Vite names files under assets/ by their content hash, so a year is safe; everything else is revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>管理控制台尚未构建 / Console not built</title></head>
<body>
<h1>管理控制台尚未构建</h1>
<p>请在服务器的项目目录中运行 <code>npm run console:build</code>，然后刷新本页。</p>
<h1 lang="en">The console is not built yet</h1>
<p lang="en">Run <code>npm run console:build</code> in the server's project folder, then reload this page.</p>
</body>
</html>
`;

interface FoundFile {
  body: Buffer;
  contentType: string;
}

/**
 * The file a URL path (relative to /console/) names, or undefined. The path is decoded once and must stay
 * inside the build folder both as written and after symbolic links are followed, so `..`, encoded slashes,
 * NUL bytes and links out of the folder cannot reach other files.
 */
async function findFile(root: string, urlPath: string): Promise<FoundFile | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  const contentType = CONTENT_TYPES[extname(file)];
  if (!file.startsWith(root + sep) || contentType === undefined) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    const real = await realpath(file);
    if (!real.startsWith((await realpath(root)) + sep)) return undefined;
    return { body: await readFile(real), contentType };
  } catch {
    return undefined;
  }
}

function send(req: Request, res: Response, status: number, file: FoundFile, cache: string): void {
  res.status(status).set({ ...PAGE_HEADERS, 'content-type': file.contentType, 'cache-control': cache, 'content-length': String(file.body.length) });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function consoleHandler(dir: string): RequestHandler {
  const root = resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set({ allow: 'GET, HEAD' }).end();
      return;
    }
    // Mounted at /console: "/console" itself becomes "/" here; send it to the canonical "/console/".
    if (req.originalUrl.split('?')[0] === CONSOLE_BASE.slice(0, -1)) {
      res.redirect(301, CONSOLE_BASE);
      return;
    }
    const serve = async (): Promise<void> => {
      const path = req.path;
      const file = await findFile(root, path);
      if (file) {
        send(req, res, 200, file, path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
        return;
      }
      // A missing asset (an old hash after a rebuild, a typo) must not turn into an HTML page the browser then refuses as script.
      if (path.startsWith('/assets/') || extname(path) !== '') {
        res.status(404).set({ ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': REVALIDATE }).end('not found');
        return;
      }
      const index = await findFile(root, '/index.html');
      if (index) send(req, res, 200, index, REVALIDATE);
      else send(req, res, 503, { body: Buffer.from(NOT_BUILT_PAGE), contentType: CONTENT_TYPES['.html']! }, 'no-store');
    };
    serve().catch(next);
  };
}

/** Browsers name text/html in Accept when they open a page; API clients and probes (any type, JSON) do not. */
const wantsPage = (req: Request): boolean => /(^|,)\s*text\/html\s*(;|,|$)/.test(req.get('accept') ?? '');

/**
 * Mounts the console at /console/ and sends a browser opening `/` there. Anything else asking for `/` keeps
 * the API's JSON 404, so scripts that probe the server see no HTML. The API under /api/v1 is untouched.
 */
export function mountConsole(app: Express, dir: string = process.env.MIC_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR): void {
  app.get('/', (req, res, next) => (wantsPage(req) ? res.redirect(302, CONSOLE_BASE) : next()));
  app.use(CONSOLE_BASE.slice(0, -1), consoleHandler(dir));
}
