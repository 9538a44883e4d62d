import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../server/support/test-server.ts';
import { launchChromium } from './support/chromium.ts';
import { buildConsoleOnce, openConsole, startConsoleServer } from './support/console-world.ts';

/*
 * How the server hands out the console: only files of the build, with types, a CSP of the console's own
 * files, year-long caching for hashed assets only, client routes answered with the page, and a page that
 * says what to do when nothing is built.
 */

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with the path sent byte for byte (fetch would normalise `..` away before sending). */
function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the server serving the console build', () => {
  let build: { dir: string; remove: () => void };
  let t: TestServer;
  let outside: string;

  beforeAll(async () => {
    build = await buildConsoleOnce();
    // A file next to the build that no URL may reach, and a link inside the build pointing at it.
    outside = mkdtempSync(join(tmpdir(), 'mic-console-outside-'));
    writeFileSync(join(outside, 'secret.html'), 'outside the build');
    symlinkSync(join(outside, 'secret.html'), join(build.dir, 'linked.html'));
    t = await startConsoleServer(build.dir);
  });
  afterAll(async () => {
    await t?.close();
    build?.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  it('when a browser opens /console/, then it gets the page with a CSP that allows only its own scripts and styles', async () => {
    const answer = await rawGet(t.url, '/console/');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(answer.body).toContain('<div id="root"></div>');
  });

  it('when a hashed asset is fetched, then it has its content type and may be cached for a year', async () => {
    const page = await rawGet(t.url, '/console/');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    const style = /href="(\/console\/assets\/[^"]+\.css)"/.exec(page.body)?.[1];
    expect(script && style).toBeTruthy();
    const js = await rawGet(t.url, script!);
    expect([js.status, js.headers['content-type'], js.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    const css = await rawGet(t.url, style!);
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it("when a console page's own URL is opened directly, then the page is served so the console can route it", async () => {
    const answer = await rawGet(t.url, '/console/members/M1');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<div id="root"></div>');
  });

  it('when an asset that does not exist is asked for, then the answer is 404, not the page', async () => {
    for (const path of ['/console/assets/index-missing.js', '/console/favicon.ico']) {
      const answer = await rawGet(t.url, path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.body).not.toContain('<div id="root">');
    }
  });

  it('when a path tries to leave the build folder, then nothing outside it is served', async () => {
    // The build and `outside` are both in the temporary folder, so "../<outside>/secret.html" would reach it.
    const sibling = `${basename(outside)}/secret.html`;
    const attempts = [
      `/console/../${sibling}`,
      `/console/..%2f${encodeURIComponent(sibling)}`,
      `/console/%2e%2e/${sibling}`,
      `/console/assets/..%2f..%2f${encodeURIComponent(sibling)}`,
      `/console/..%5c${sibling.replace('/', '%5c')}`,
      `/console/${encodeURIComponent(join(outside, 'secret.html'))}`,
      '/console/%00index.html',
      '/console/linked.html',
    ];
    for (const path of attempts) {
      const answer = await rawGet(t.url, path);
      expect(answer.body, path).not.toContain('outside the build');
      expect([path, answer.status === 404 || answer.body.includes('<div id="root">')]).toEqual([path, true]);
    }
  });

  it('when a browser opens the server root, then it is sent to /console/; API clients still get the JSON 404', async () => {
    const browserRoot = await rawGet(t.url, '/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect([browserRoot.status, browserRoot.headers.location]).toEqual([302, '/console/']);
    const bare = await rawGet(t.url, '/console');
    expect([bare.status, bare.headers.location]).toEqual([301, '/console/']);
    const apiRoot = await rawGet(t.url, '/', { accept: '*/*' });
    expect(apiRoot.status).toBe(404);
    expect(JSON.parse(apiRoot.body)).toMatchObject({ error: { code: 'ERR_ROUTE_NOT_FOUND' } });
  });

  it('when the console is loaded in Chromium, then it starts with no CSP violation and no script error', async () => {
    const browser: Browser = await launchChromium();
    try {
      const tab = await openConsole(browser, t);
      await tab.page.getByRole('button', { name: '登录' }).waitFor();
      expect(tab.problems).toEqual([]);
      await tab.close();
    } finally {
      await browser.close();
    }
  });
});

describe('the server without a console build', () => {
  let empty: string;
  let t: TestServer;

  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'mic-console-none-'));
    mkdirSync(join(empty, 'assets'));
    t = await startConsoleServer(empty);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('when /console/ is opened before `npm run console:build`, then a short page says to run it', async () => {
    const answer = await rawGet(t.url, '/console/');
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('npm run console:build');
    expect(String(answer.headers['content-security-policy'])).toContain("script-src 'self'");
  });
});
