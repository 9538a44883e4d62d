import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { UserSchema } from '../../../server/schemas/users.ts';
import { createTree } from '../../server/support/fixtures.ts';
import { expectOk } from '../../server/support/http.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../server/support/test-server.ts';
import { launchChromium, SCREENSHOTS } from './chromium.ts';
const CONSOLE_VITE_CONFIG = fileURLToPath(new URL('../../../console/ui/vite.config.ts', import.meta.url));
const VITE_BIN = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

/**
 * The console built once per test file into a temporary folder, exactly as `npm run console:build` builds
 * it: in a child process with NODE_ENV=production (inside vitest NODE_ENV is "test", and an in-process build
 * would ship React's development build).
 */
export async function buildConsoleOnce(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mic-console-ui-'));
  await promisify(execFile)(process.execPath, [VITE_BIN, 'build', '--config', CONSOLE_VITE_CONFIG, '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, NODE_ENV: 'production' },
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** This process's time zone: fixtures written in local time (`new Date('2025-05-05T14:00')`) are its clock readings. */
const PROCESS_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The real server on port 0, serving the console from `consoleDir` (read when the app is created). Its
 * organisation is in this process's time zone unless `timeZone` says otherwise, so fixtures written in local
 * time read the same on screen, where the console shows every time in the organisation's zone.
 */
export async function startConsoleServer(consoleDir: string, options: TestServerOptions = {}): Promise<TestServer> {
  const previous = process.env.MIC_CONSOLE_DIR;
  process.env.MIC_CONSOLE_DIR = consoleDir;
  try {
    return await startTestServer({ timeZone: PROCESS_TIME_ZONE, ...options });
  } finally {
    if (previous === undefined) delete process.env.MIC_CONSOLE_DIR;
    else process.env.MIC_CONSOLE_DIR = previous;
  }
}

export interface ConsoleUser {
  username: string;
  password: string;
}

let userSeq = 0;

/** A console account created by the admin through the API, with a username the test can type. */
export async function createUser(t: TestServer, role: 'admin' | 'organiser' | 'secretary' | 'auditor', org?: string): Promise<ConsoleUser> {
  userSeq += 1;
  const user = { username: `${role}${userSeq}-${org ?? 'all'}`.toLowerCase(), password: 'console-password-1' };
  expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { ...user, role, org } }), 201, UserSchema);
  return user;
}

export interface ConsoleTab {
  page: Page;
  /** Content-Security-Policy violations and uncaught page errors seen so far: a working console has none */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The smallest laptop screen the console is built for. */
const LAPTOP = { width: 1366, height: 768 } as const;

export interface ComputerSettings {
  /** the computer's time zone; this process's when left out (the console world's organisation is in it too) */
  timeZone?: string;
  /** the computer's clock, stopped at this instant; the real time when left out */
  now?: Date;
  /** the computer's clock, running from this instant, which the test moves on (`page.clock.runFor`) */
  runningFrom?: Date;
}

/** A fresh browser profile (no session, no remembered language) on the console's sign-in page. */
export async function openConsole(browser: Browser, t: TestServer, path = '/console/', computer: ComputerSettings = {}): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN', acceptDownloads: true, timezoneId: computer.timeZone ?? PROCESS_TIME_ZONE });
  // Well inside vitest's 30 s, so a missing element fails as "which locator" rather than a bare timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  if (computer.now) await page.clock.setFixedTime(computer.now);
  if (computer.runningFrom) await page.clock.install({ time: computer.runningFrom });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(t.url + path);
  return {
    page,
    problems,
    screenshot: async (name) => {
      // The top bar is sticky: scrolled down, a full-page shot would paint it over the middle of the page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/** Signs in through the sign-in form, as a person would, and waits for the signed-in frame. */
async function signIn(page: Page, user: ConsoleUser): Promise<void> {
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain(user.username);
}

export interface ConsoleWorld {
  /** the real server serving this file's console build, with the fixture tree (`createTree`) */
  readonly t: TestServer;
  /**
   * The console in a fresh browser profile at `path`, signed in through the form as `user` when one is given.
   * The tab belongs to the running test: it is closed after it, and the test fails if the page reported a
   * Content-Security-Policy violation or a script error. `computer` sets the browser's time zone and clock.
   */
  open(user?: ConsoleUser, path?: string, computer?: ComputerSettings): Promise<ConsoleTab>;
}

/**
 * What every console browser test file sets up, registered as the file's hooks: Chromium and the console
 * build (once per file), the server with the fixture tree (its organisation in `options.timeZone`, or this
 * process's zone), and each test's tabs checked and closed. A file's own `beforeAll`, registered after this
 * call, runs after the server is up.
 */
export function useConsoleWorld(options: Pick<TestServerOptions, 'timeZone'> = {}): ConsoleWorld {
  let browser: Browser | undefined;
  let build: { dir: string; remove: () => void } | undefined;
  let server: TestServer | undefined;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    [browser, build] = await Promise.all([launchChromium(), buildConsoleOnce()]);
    server = await startConsoleServer(build.dir, options);
    await createTree(server);
  });
  afterAll(async () => {
    await server?.close();
    await browser?.close();
    build?.remove();
  });
  afterEach(async () => {
    const opened = tabs.splice(0);
    const problems = opened.flatMap((tab) => tab.problems);
    await Promise.all(opened.map((tab) => tab.close()));
    expect(problems).toEqual([]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console world is used before its beforeAll ran');
    return value;
  };
  return {
    get t() {
      return started(server);
    },
    async open(user, path, computer) {
      const tab = await openConsole(started(browser), started(server), path, computer);
      tabs.push(tab);
      if (user) await signIn(tab.page, user);
      return tab;
    },
  };
}
