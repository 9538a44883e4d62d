import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CardTransport } from '../../../shared/card/transport.ts';
import { startBrowserKiosk, type BrowserKiosk } from '../../../kiosk/browser/browser-kiosk.ts';
import { buildKioskUi } from '../../../kiosk/browser/build-ui.ts';
import { contractContent } from '../../kiosk/support/kiosk-harness.ts';
import { ContractServer, type ConfigContent } from '../../kiosk/support/contract-server.ts';
import { MemoryReaders } from '../../kiosk/support/memory-readers.ts';
import { ORG, chinaClock, type Cards } from '../../kiosk/support/world.ts';
import { SCREENSHOTS, launchChromium } from './chromium.ts';

/** The renderer built once per test file into a temporary folder, exactly as kiosk:build builds it. */
export async function buildUiOnce(): Promise<{ uiDir: string; remove: () => void }> {
  const uiDir = mkdtempSync(join(tmpdir(), 'mic-kiosk-ui-'));
  await buildKioskUi(uiDir);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { uiDir, remove: () => rmSync(uiDir, { recursive: true, force: true }) };
}

export interface KioskWorld {
  contract: ContractServer;
  running: BrowserKiosk;
  readers: MemoryReaders;
  page: Page;
  /** lays a card on the in-memory reader, as a member would on the real one */
  tap(card: CardTransport): void;
  screenshot(name: string): Promise<void>;
  /** the frequencies (Hz) of the notes the page has started since the last call, in order */
  takeTones(): Promise<number[]>;
  close(): Promise<void>;
}

/*
 * Records every note the page plays through Web Audio. Headless Chromium has no speakers, but the
 * oscillators still start: which notes, in which order, is what tells the three tones apart.
 */
const RECORD_TONES = `
  window.__tones = [];
  const Original = window.AudioContext;
  window.AudioContext = class extends Original {
    createOscillator() {
      const oscillator = super.createOscillator();
      const start = oscillator.start.bind(oscillator);
      oscillator.start = (when) => { window.__tones.push(oscillator.frequency.value); start(when); };
      return oscillator;
    }
  };
`;

export interface KioskWorldOptions {
  enrol?: boolean;
  content?: ConfigContent;
  /** the zone the kiosk computer is set to (Chromium's); this process's when absent */
  computerTimeZone?: string;
  /** what the computer's clock reads, held still (timers keep running); the real time when absent */
  computerNow?: Date;
}

/**
 * The real kiosk core in browser mode, fed by an in-memory reader, talking to the kiosk-core engineer's
 * contract double of the server, with a Chromium page open on its screen. `enrol: false` leaves it at its
 * first-run screen; `content` is what the server's configuration holds when the kiosk enrols (and so
 * fetches it first).
 */
export async function openKioskWorld(browser: Browser, cards: Cards, uiDir: string, options: KioskWorldOptions = {}): Promise<KioskWorld> {
  const contract = await ContractServer.start();
  await contract.setConfig(options.content ?? contractContent(cards));
  const dataDir = mkdtempSync(join(tmpdir(), 'mic-kiosk-browser-'));
  const readers = new MemoryReaders();
  const running = await startBrowserKiosk({ dataDir, uiDir, readerSource: readers, kiosk: { clock: chinaClock } });
  if (options.enrol !== false) await running.kiosk.enroll(contract.url, contract.createEnrolmentToken(ORG), '城关镇第七支部 1 号机');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...(options.computerTimeZone && { timezoneId: options.computerTimeZone }) });
  if (options.computerNow) await context.clock.setFixedTime(options.computerNow);
  // Well inside vitest's 30 s, so a missing element fails as "which locator" rather than a bare timeout.
  context.setDefaultTimeout(10_000);
  await context.addInitScript(RECORD_TONES);
  const page = await context.newPage();
  await page.goto(running.url);
  return {
    contract,
    running,
    readers,
    page,
    tap: (card) => readers.tap(card),
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `kiosk-${name}.png`) });
    },
    takeTones: () =>
      page.evaluate(() => {
        const holder = window as unknown as { __tones: number[] };
        const tones = holder.__tones;
        holder.__tones = [];
        return tones;
      }),
    async close() {
      await context.close();
      await running.close();
      await contract.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The hooks of a kiosk screen test file: one Chromium and one built renderer for the file, and a kiosk world
 * per test, closed after it. Returns how a test opens its world.
 */
export function kioskWorldPerTest(cards: Cards): (options?: KioskWorldOptions) => Promise<KioskWorld> {
  let browser: Browser;
  let ui: { uiDir: string; remove: () => void };
  let world: KioskWorld | undefined;
  beforeAll(async () => {
    [browser, ui] = await Promise.all([launchChromium(), buildUiOnce()]);
  });
  afterAll(async () => {
    await browser?.close();
    ui?.remove();
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return async (options = {}) => {
    world = await openKioskWorld(browser, cards, ui.uiDir, options);
    return world;
  };
}
