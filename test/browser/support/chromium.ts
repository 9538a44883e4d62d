import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where the kiosk and console browser tests save their screenshots, side by side, for people to look at. */
export const SCREENSHOTS = join(process.cwd(), '.artifacts', 'screenshots');

/**
 * Debian's Chromium, never a downloaded one (DESIGN §7). Playwright gives every launch a fresh temporary
 * profile (user-data dir), so no state leaks from one run into the next.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
