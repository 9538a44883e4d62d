import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The kiosk panels the screens are held to: an 800 × 600 panel, tablets both ways, laptops, and a 1080 × 1920 totem. */
export const KIOSK_SCREENS = [
  { width: 800, height: 600 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;

export const KIOSK_LANGUAGES = [
  { code: 'zh-CN', button: '中文' },
  { code: 'en', button: 'English' },
] as const;

/** Each size in each language, as problemsOnEverySize names them: every one with no problem. */
export const NO_PROBLEM_ANYWHERE: Record<string, string[]> = Object.fromEntries(
  KIOSK_LANGUAGES.flatMap(({ code }) => KIOSK_SCREENS.map(({ width, height }) => [`${width}×${height} ${code}`, []])),
);

/**
 * The screen on show measured by `problems` on every kiosk size in both languages (an 800 × 600 screenshot of
 * each, named `<shot>-<language>`), then back to 1280 × 800 in Chinese.
 */
export async function problemsOnEverySize(
  kiosk: { page: Page; screenshot(name: string): Promise<void> },
  shot: string,
  problems: (page: Page) => Promise<string[]>,
): Promise<Record<string, string[]>> {
  const { page } = kiosk;
  const found: Record<string, string[]> = {};
  for (const language of KIOSK_LANGUAGES) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== language.code) {
      await page.getByRole('button', { name: language.button, exact: true }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language.code);
    }
    for (const { width, height } of KIOSK_SCREENS) {
      await page.setViewportSize({ width, height });
      found[`${width}×${height} ${language.code}`] = await problems(page);
      if (width === 800) await kiosk.screenshot(`${shot}-${language.code}`);
    }
  }
  await page.getByRole('button', { name: '中文', exact: true }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  return found;
}
