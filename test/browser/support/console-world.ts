import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { MemberSchema } from '../../../server/schemas/members.ts';
import { UserSchema } from '../../../server/schemas/users.ts';
import { validIdNumber, type TestMember } from '../../server/support/fixtures.ts';
import { expectOk } from '../../server/support/http.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../server/support/test-server.ts';

/** Beside the kiosk's: people look at both sets after a run. */
export const SCREENSHOTS = join(process.cwd(), '.artifacts', 'screenshots');
const CONSOLE_VITE_CONFIG = fileURLToPath(new URL('../../../console/ui/vite.config.ts', import.meta.url));
const VITE_BIN = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

/**
 * The console built once per test file into a temporary folder, exactly as `npm run console:build` builds
 * it: in a child process with NODE_ENV=production (inside vitest NODE_ENV is "test", and an in-process build
 * would ship React's development build).
 */
export async function buildConsoleOnce(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'console-ui-'));
  await promisify(execFile)(process.execPath, [VITE_BIN, 'build', '--config', CONSOLE_VITE_CONFIG, '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, NODE_ENV: 'production' },
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real server on port 0, serving the console from `consoleDir` (read when the app is created). */
export async function startConsoleServer(consoleDir: string, options: TestServerOptions = {}): Promise<TestServer> {
  const previous = process.env.MIC_CONSOLE_DIR;
  process.env.MIC_CONSOLE_DIR = consoleDir;
  try {
    return await startTestServer(options);
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
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations and uncaught page errors seen so far: a working console has none */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The smallest laptop screen the console is built for. */
export const LAPTOP = { width: 1366, height: 768 } as const;

/** A fresh browser profile (no session, no remembered language) on the console's sign-in page. */
export async function openConsole(browser: Browser, t: TestServer, path = '/console/'): Promise<ConsoleTab> {
  // The browser keeps this process's time zone, so fixtures written in local time read the same on screen.
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN', acceptDownloads: true, timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
  // Well inside vitest's 30 s, so a missing element fails as "which locator" rather than a bare timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(t.url + path);
  return {
    context,
    page,
    problems,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/** Signs in through the sign-in form, as a person would, and waits for the signed-in frame. */
export async function signIn(page: Page, user: ConsoleUser): Promise<void> {
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain(user.username);
}

let memberSeq = 0;

/**
 * A member registered through the API with a home since `since` (YYYY-MM-DD), so history before today
 * (attendance, a closed period after a transfer) has a period to belong to.
 */
export async function memberSince(t: TestServer, homeOrg: string, name: string, since: string): Promise<TestMember> {
  memberSeq += 1;
  const memberNumber = `C${Date.now().toString(36)}${memberSeq}`.toUpperCase();
  const idNumber = validIdNumber(40_000 + memberSeq * 13 + Math.floor(Math.random() * 500) * 20_000);
  const body = { memberNumber, name, idNumber, homeOrg, since };
  return { ...expectOk(await t.call('POST', '/api/v1/members', { token: await t.adminToken(), json: body }), 201, MemberSchema), idNumber };
}
