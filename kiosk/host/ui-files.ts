import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** Only the kinds of file a Vite build of the renderer produces are served; anything else is "not found". */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface UiFile {
  body: Buffer;
  contentType: string;
}

/**
 * The built renderer file a URL path names, or undefined. The path is decoded once and must stay inside
 * `uiDir` after resolution, so `..`, encoded slashes and absolute paths cannot reach other files.
 */
export async function readUiFile(uiDir: string, urlPath: string): Promise<UiFile | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const root = resolve(uiDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const contentType = CONTENT_TYPES[extname(file)];
  if (!file.startsWith(root + sep) || contentType === undefined) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return { body: await readFile(file), contentType };
  } catch {
    return undefined;
  }
}
