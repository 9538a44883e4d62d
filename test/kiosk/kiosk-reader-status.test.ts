import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { combinedReaderStatus, readerStatus, sameReaderStatus, type ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { harness, type Harness } from './support/kiosk-harness.ts';
import { MemoryReaders } from './support/memory-readers.ts';
import { MEETING, issueCards } from './support/world.ts';

/*
 * The card readers' state in the kiosk's status, which the screen turns into "the card reader is not connected".
 * pcscd stopping and readers leaving are produced for real in test/e2e/kiosk-reader-screen.test.ts; here the
 * in-memory source announces them, as ResilientReaders does, including a reader failure pcscd cannot be made to give.
 */

const cards = await issueCards();

let world: Harness;
beforeEach(async () => {
  world = await harness(cards);
});
afterEach(async () => {
  await world.cleanup();
});

const UNPLUGGED: ReaderStatus = { state: 'no-readers', readers: [] };
const NO_PCSCD: ReaderStatus = { state: 'waiting-for-pcscd', readers: [] };
const FAILED: ReaderStatus = { state: 'failed', readers: [], failure: { reader: 'ACS ACR1252 1S CL Reader PICC 0', message: 'SCardGetStatusChange error: RPC transport error.(0x80100013)' } };
const CONNECTED: ReaderStatus = { state: 'connected', readers: ['memory'] };

const publishedReaders = (): (ReaderStatus | undefined)[] =>
  world.notices.flatMap((notice) => (notice.type === 'status' ? [notice.status.reader] : []));

describe('kiosk status: the card readers', () => {
  it('when the reader is unplugged, pcscd goes, a reader fails and the reader comes back, then the status follows each change at once', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const readers = new MemoryReaders();
    kiosk.attachReaders(readers);
    expect(kiosk.status().reader).toEqual(CONNECTED);

    for (const status of [UNPLUGGED, NO_PCSCD, FAILED, CONNECTED]) {
      const before = world.notices.length;
      readers.setStatus(status);
      expect(kiosk.status().reader).toEqual(status);
      // Published, not only answered when asked: the screen changes without polling.
      expect(world.notices.slice(before).map((notice) => notice.type === 'status' && notice.status.reader)).toEqual([status]);
    }

    // Back to normal, a tap checks in as before.
    const tapped = await kiosk.tap(new MemoryTransport(cards.member.applet));
    expect(tapped).toMatchObject({ kind: 'checked-in', person: { name: '王芳' } });
  });

  it('when a source does not watch its readers, then the reader state is unknown; a watching source detached takes its state with it', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    expect(kiosk.status().reader).toBeUndefined();
    const plain = new MemoryReaders();
    kiosk.attachReaders({ onCard: (listener) => plain.onCard(listener) });
    expect(kiosk.status().reader).toBeUndefined();

    const watching = new MemoryReaders();
    watching.setStatus(UNPLUGGED);
    const detach = kiosk.attachReaders(watching);
    expect(kiosk.status().reader).toEqual(UNPLUGGED);
    expect(publishedReaders().at(-1)).toEqual(UNPLUGGED);
    detach();
    expect(watching.watching).toBe(0);
    expect(kiosk.status().reader).toBeUndefined();
    expect(publishedReaders().at(-1)).toBeUndefined();
    // Announcements after detaching reach nobody.
    const before = world.notices.length;
    watching.setStatus(CONNECTED);
    expect(world.notices.length).toBe(before);
  });

  it('when two sources are attached, then taps work if either has a reader, and otherwise the more telling trouble shows', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const [door, hall] = [new MemoryReaders(), new MemoryReaders()];
    kiosk.attachReaders(door);
    kiosk.attachReaders(hall);
    door.setStatus(UNPLUGGED);
    expect(kiosk.status().reader).toEqual({ state: 'connected', readers: ['memory'] });
    hall.setStatus(NO_PCSCD);
    expect(kiosk.status().reader).toEqual(UNPLUGGED);
    door.setStatus(FAILED);
    expect(kiosk.status().reader).toEqual(FAILED);
  });

  it('when the kiosk is closed, then its status notices stop, whatever the readers announce', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const readers = new MemoryReaders();
    kiosk.attachReaders(readers);
    await kiosk.close();
    const before = world.notices.length;
    readers.setStatus(UNPLUGGED);
    expect(world.notices.length).toBe(before);
    expect(readers.watching).toBe(0);
  });
});

describe('reader status rules', () => {
  const failure = FAILED.failure!;

  it('when pcscd has listed readers, then connected, even with an older failure on record', () => {
    expect(readerStatus(true, ['Virtual PCD 00 00'], failure)).toEqual({ state: 'connected', readers: ['Virtual PCD 00 00'] });
  });

  it('when a reader failed, then failed while reconnecting and while no reader is listed, so the screen does not step through "waiting"', () => {
    expect(readerStatus(false, [], failure)).toEqual({ state: 'failed', readers: [], failure });
    expect(readerStatus(true, [], failure)).toEqual({ state: 'failed', readers: [], failure });
  });

  it('when nothing failed, then waiting for pcscd until it has listed its readers, and no-readers when it lists none', () => {
    expect(readerStatus(false, [])).toEqual(NO_PCSCD);
    expect(readerStatus(true, [])).toEqual(UNPLUGGED);
  });

  it('when only the failure differs, then the statuses differ (the screen must hear of a new failure)', () => {
    expect(sameReaderStatus(FAILED, { ...FAILED, failure: { ...failure, message: 'another' } })).toBe(false);
    expect(sameReaderStatus(FAILED, { ...FAILED, failure: { ...failure } })).toBe(true);
  });

  it('when statuses are combined, then any reader means connected with every reader, else failed over no-readers over waiting', () => {
    expect(combinedReaderStatus([])).toBeUndefined();
    expect(combinedReaderStatus([UNPLUGGED])).toBe(UNPLUGGED);
    expect(combinedReaderStatus([{ state: 'connected', readers: ['a'] }, FAILED, { state: 'connected', readers: ['b'] }])).toEqual({ state: 'connected', readers: ['a', 'b'] });
    expect(combinedReaderStatus([NO_PCSCD, UNPLUGGED, FAILED])).toBe(FAILED);
    expect(combinedReaderStatus([NO_PCSCD, UNPLUGGED])).toBe(UNPLUGGED);
  });
});
