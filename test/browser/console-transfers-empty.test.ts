import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The transfer inbox and outbox before any letter is issued, as each role reads them. An admin belongs to no
 * organisation and an organiser or auditor sees many, so "your organisation" is for the secretary alone.
 * Fixture tree: CTY ─┬─ A ─┬─ A1, A2; └─ B ─── B1.
 */

const world = useConsoleWorld();
const users = {} as Record<'admin' | 'organiser' | 'secretary' | 'auditor', ConsoleUser>;

beforeAll(async () => {
  users.admin = await createUser(world.t, 'admin');
  users.organiser = await createUser(world.t, 'organiser', 'A');
  users.secretary = await createUser(world.t, 'secretary', 'A1');
  users.auditor = await createUser(world.t, 'auditor', 'B');
});

/** What the empty inbox, the inbox with decided letters, and the outbox say, in that order. */
const EMPTY = {
  admin: {
    zh: ['目前没有等待接收的介绍信。', '还没有开具过任何介绍信。', '还没有开具过任何介绍信。'],
    en: ['No transfer letters are waiting to be accepted.', 'No transfer letters have been issued yet.', 'No transfer letters have been issued yet.'],
  },
  organiser: {
    zh: ['您管理的组织目前没有待接收的介绍信。', '还没有寄给您管理的组织的介绍信。', '您管理的组织还没有开具介绍信。'],
    en: [
      'No letters are waiting for the organisations you look after to accept.',
      'No letters have been addressed to the organisations you look after.',
      'The organisations you look after have not issued any transfer letters.',
    ],
  },
  secretary: {
    zh: ['目前没有寄给您组织的待接收介绍信。', '没有寄给您组织的介绍信。', '您的组织还没有开具介绍信。'],
    en: ['No letters are waiting for your organisation to accept.', 'No letters have been addressed to your organisation.', 'Your organisation has not issued any transfer letters.'],
  },
  auditor: {
    zh: ['您权限范围内的组织目前没有待接收的介绍信。', '还没有寄给您权限范围内组织的介绍信。', '您权限范围内的组织还没有开具介绍信。'],
    en: [
      'No letters are waiting to be accepted by the organisations within your reach.',
      'No letters have been addressed to the organisations within your reach.',
      'The organisations within your reach have not issued any transfer letters.',
    ],
  },
};

describe('the console: empty transfer boxes', () => {
  it.each(['admin', 'organiser', 'secretary', 'auditor'] as const)('when %s opens the transfers with no letters, then each empty box speaks of what they look after, in Chinese and in English', async (role) => {
    const tab = await world.open(users[role]);
    const { page } = tab;
    await page.getByTestId('nav-transfers').click();
    const empty = page.getByTestId('empty');
    const showDecided = page.locator('label.check input');
    /** Reads the inbox, the inbox with decided letters, and the outbox, each once it shows what is expected. */
    const expectBoxes = async ([inbox, inboxAll, outbox]: readonly string[]): Promise<void> => {
      await expect.poll(() => empty.textContent()).toBe(inbox);
      await showDecided.check();
      await expect.poll(() => empty.textContent()).toBe(inboxAll);
      await showDecided.uncheck();
      await page.getByTestId('tab-outbox').click();
      await expect.poll(() => empty.textContent()).toBe(outbox);
      await page.getByTestId('tab-inbox').click();
    };
    await expectBoxes(EMPTY[role].zh);
    if (role === 'admin') await tab.screenshot('transfer-inbox-empty-admin');
    await page.getByTestId('switch-language').click();
    await expectBoxes(EMPTY[role].en);
  });
});
