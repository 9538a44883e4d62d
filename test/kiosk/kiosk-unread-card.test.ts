import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import type { TapResult } from '../../kiosk/core/kiosk-api.ts';
import { harness, type Harness } from './support/kiosk-harness.ts';
import { MemoryReaders } from './support/memory-readers.ts';
import { MEETING, issueCards } from './support/world.ts';

/*
 * A card laid on the reader that PC/SC could not connect to. Here the in-memory source announces it, as
 * ResilientReaders does; test/e2e/kiosk-unread-card.test.ts produces the failed connect for real over pcscd + vpcd.
 */

const cards = await issueCards();

let world: Harness;
beforeEach(async () => {
  world = await harness(cards);
});
afterEach(async () => {
  await world.cleanup();
});

const tapResults = (): TapResult[] => world.notices.flatMap((notice) => (notice.type === 'tap' ? [notice.result] : []));

describe('kiosk: a card that could not be read', () => {
  it('when a card on the reader cannot be connected to during a meeting, then the member is told to place it again, nothing is recorded, and the next tap checks in', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const readers = new MemoryReaders();
    kiosk.attachReaders(readers);

    readers.cardNotRead('reader-1');
    await expect.poll(tapResults).toHaveLength(1);
    expect(tapResults()[0]).toMatchObject({ kind: 'not-read', reader: 'reader-1' });
    expect(kiosk.status()).toMatchObject({ lastResult: { kind: 'not-read' }, queueLength: 0 });
    // A failed tap, not a failed reader: the screen keeps inviting taps.
    expect(kiosk.status().reader).toEqual({ state: 'connected', readers: ['memory'] });

    const next = await kiosk.tap(new MemoryTransport(cards.member.applet, 'reader-1'));
    expect(next).toMatchObject({ kind: 'checked-in', person: { name: '王芳' } });
    expect(kiosk.status().queueLength).toBe(1);
  });

  it('when the kiosk would not read a card anyway (no meeting open), then the member hears that, not "place it again"', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const readers = new MemoryReaders();
    kiosk.attachReaders(readers);

    readers.cardNotRead();
    await expect.poll(tapResults).toHaveLength(1);
    expect(tapResults()[0]).toMatchObject({ kind: 'not-ready', why: 'idle' });
  });

  it('when a card is not read right after a card on the same reader, then its answer comes after that card\'s', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const readers = new MemoryReaders();
    kiosk.attachReaders(readers);

    readers.tap(new MemoryTransport(cards.member.applet, 'reader-1'));
    readers.cardNotRead('reader-1');
    await expect.poll(tapResults).toHaveLength(2);
    expect(tapResults().map((result) => result.kind)).toEqual(['checked-in', 'not-read']);
    expect(kiosk.status().lastResult?.kind).toBe('not-read');
  });

  it('when the readers are detached, then a card not read there is no longer answered', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const readers = new MemoryReaders();
    const detach = kiosk.attachReaders(readers);
    detach();

    readers.cardNotRead();
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    expect(tapResults().map((result) => result.kind)).toEqual(['checked-in']);
  });
});
