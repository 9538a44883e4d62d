import { chromium, type Browser } from 'playwright-core';

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
