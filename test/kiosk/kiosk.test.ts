import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { INS } from '../../shared/card/constants.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import type { PcscReaders } from '../../shared/card/pcsc-transport.node.ts';
import { verifyEvent } from '../../shared/events/event-jws.ts';
import { PIN_ATTEMPTS, PIN_LOCK_MS } from '../../kiosk/core/admin/admin-pin.ts';
import type { TapResult } from '../../kiosk/core/kiosk-api.ts';
import type { Kiosk } from '../../kiosk/core/kiosk.ts';
import type { ReaderSource } from '../../kiosk/core/readers/reader-source.ts';
import { KIOSK_DB_FILE } from '../../kiosk/core/store/kiosk-db.ts';
import { clockWithOffset } from '../../kiosk/core/time/clock.ts';
import { contractContent, harness, type Harness } from './support/kiosk-harness.ts';
import { MemoryReaders } from './support/memory-readers.ts';
import { MEETING, TRANSFER, issueCards, meetings } from './support/world.ts';

const cards = await issueCards();
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let world: Harness;
beforeEach(async () => {
  world = await harness(cards);
});
afterEach(async () => {
  await world.cleanup();
});

const tapResults = (): TapResult[] => world.notices.flatMap((notice) => (notice.type === 'tap' ? [notice.result] : []));

function nextTap(kiosk: Kiosk): Promise<TapResult> {
  return new Promise((resolve) => {
    const stop = kiosk.subscribe((notice) => {
      if (notice.type !== 'tap') return;
      stop();
      resolve(notice.result);
    });
  });
}

describe('kiosk facade', () => {
  it('when PcscReaders is given to attachReaders, then it fits the ReaderSource interface', () => {
    expectTypeOf<PcscReaders>().toExtend<ReaderSource>();
  });

  it('when readers are attached, then every card tapped runs one session and its result is published; detach and close stop listening', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const readers = new MemoryReaders();
    const detach = kiosk.attachReaders(readers);

    const first = nextTap(kiosk);
    readers.tap(new MemoryTransport(cards.member.applet, 'reader-1'));
    expect(await first).toMatchObject({ kind: 'checked-in', reader: 'reader-1', person: { name: '王芳' } });
    expect(kiosk.status()).toMatchObject({ lastResult: { kind: 'checked-in' }, queueLength: 1 });
    expect(world.notices.some((notice) => notice.type === 'status' && notice.status.queueLength === 1)).toBe(true);

    detach();
    expect(readers.listening).toBe(0);
    const other = new MemoryReaders();
    kiosk.attachReaders(other);
    await kiosk.close();
    expect(other.listening).toBe(0);
    expect(tapResults()).toHaveLength(1);
  });

  it('when two cards come one after the other on the same reader, then their sessions run in turn, in order', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const readers = new MemoryReaders();
    kiosk.attachReaders(readers);
    let active = 0;
    let overlapped = false;
    const watched = (applet: typeof cards.member.applet): MemoryTransport =>
      new MemoryTransport({
        process: (apdu) => {
          if (apdu[1] === 0xa4) overlapped ||= ++active > 1;
          const response = applet.process(apdu);
          if (apdu[1] === 0x88) active--;
          return response;
        },
      }, 'reader-1');
    const results: TapResult[] = [];
    const done = new Promise<void>((resolve) =>
      kiosk.subscribe((notice) => {
        if (notice.type === 'tap' && results.push(notice.result) === 2) resolve();
      }));
    readers.tap(watched(cards.member.applet));
    readers.tap(watched(cards.visitor.applet));
    await done;
    expect(overlapped).toBe(false);
    expect(results.map((result) => result.kind === 'checked-in' && result.person.member)).toEqual(['3301020001', '3301990002']);
  });

  it('when the secretary opens an ad-hoc meeting, then meeting.open with a UUIDv7 id comes first, check-ins name it, and closing records meeting.close', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const meeting = await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'theme_day', title: '主题党日：学习交流' });
    expect(meeting.id).toMatch(UUID_V7);
    expect(kiosk.status().mode).toMatchObject({ kind: 'meeting', meeting: { id: meeting.id, origin: 'ad-hoc', title: '主题党日：学习交流' } });
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    await kiosk.closeMeeting();
    expect(kiosk.status().mode).toEqual({ kind: 'idle' });
    await kiosk.syncNow();
    const delivered = world.contract.eventsOf(kiosk.kioskId).map((event) => event.payload);
    expect(delivered).toMatchObject([
      { type: 'meeting.open', meeting: meeting.id, kind: 'theme_day', title: '主题党日：学习交流' },
      { type: 'checkin', meeting: meeting.id, member: '3301020001' },
      { type: 'meeting.close', meeting: meeting.id },
    ]);
  });

  it('when a scheduled meeting is closed, then meeting.close is recorded, and the kiosk neither lists it nor opens it again while the server still sends it', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    expect(await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING })).toMatchObject({ id: MEETING, origin: 'scheduled', place: '村委会议室' });
    await kiosk.closeMeeting();
    expect(kiosk.scheduledMeetings()).toEqual([]);
    await expect(kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING })).rejects.toMatchObject({ code: 'ERR_MEETING_CLOSED' });
    await kiosk.syncNow();
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.payload)).toMatchObject([{ type: 'meeting.close', meeting: MEETING }]);
    // The double still schedules it: the kiosk's own record of the close keeps it off the list.
    expect(kiosk.status().config).toMatchObject({ available: true, meetings: 0 });
    expect(kiosk.status().mode).toEqual({ kind: 'idle' });
  });

  it('when the server sends a meeting marked closed (a server older than the kiosk), then the kiosk does not offer it and will not open it', async () => {
    const closedElsewhere = { ...meetings()[0]!, id: '0193a5d2-7c00-7000-8000-000000000002', title: '已结束的党小组会', status: 'closed' };
    await world.contract.setConfig({ ...contractContent(cards), meetings: [...meetings().map((meeting) => ({ ...meeting, status: 'scheduled' })), closedElsewhere] });
    const kiosk = await world.enrolled({ autoSync: false });
    expect(kiosk.scheduledMeetings().map((meeting) => meeting.id)).toEqual([MEETING]);
    await expect(kiosk.openMeeting({ kind: 'scheduled', meetingId: closedElsewhere.id })).rejects.toMatchObject({ code: 'ERR_MEETING_CLOSED' });
  });

  it('when the secretary closes the meeting while a card is being read, then that tap is refused as too late and nothing is recorded after the close', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    let closing: Promise<void> | undefined;
    const card = new MemoryTransport({
      process: (apdu) => {
        // The card signs its presence for this meeting just as the secretary confirms 结束会议.
        if (apdu[1] === INS.internalAuthenticate) closing ??= kiosk.closeMeeting();
        return cards.member.applet.process(apdu);
      },
    });
    expect(await kiosk.tap(card)).toMatchObject({ kind: 'refused', reason: 'meeting-closed', person: { name: '王芳' } });
    await closing;
    expect(kiosk.status()).toMatchObject({ mode: { kind: 'idle' }, queueLength: 1 });
    await kiosk.syncNow();
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.payload.type)).toEqual(['meeting.close']);
  });

  it('when the kiosk stopped right after recording a meeting’s close, then it comes back idle, not in the closed meeting', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const meeting = await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '党小组会' });
    await kiosk.closeMeeting();
    await kiosk.close();
    // What a power cut between the close event and leaving the meeting leaves behind.
    const db = new Database(join(world.dataDir, KIOSK_DB_FILE));
    db.prepare('UPDATE local_meetings SET closed_at = NULL WHERE id = ?').run(meeting.id);
    db.prepare(`INSERT INTO current_meeting (id, meeting, origin, entered_at) VALUES (1, ?, 'ad-hoc', ?)`).run(meeting.id, new Date().toISOString());
    db.close();
    const restarted = await world.open({ autoSync: false });
    expect(restarted.status().mode).toEqual({ kind: 'idle' });
    expect(await restarted.tap(new MemoryTransport(cards.member.applet))).toMatchObject({ kind: 'not-ready', why: 'idle' });
  });

  it('when the kiosk restarts during an ad-hoc meeting, then it comes back in that meeting', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const meeting = await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '党小组会' });
    await kiosk.close();
    const restarted = await world.open({ autoSync: false });
    expect(restarted.status().mode).toMatchObject({ kind: 'meeting', meeting: { id: meeting.id, origin: 'ad-hoc' } });
    await restarted.closeMeeting();
    await restarted.close();
    expect((await world.open({ autoSync: false })).status().mode).toEqual({ kind: 'idle' });
  });

  it('when a mode change does not fit the current mode, then ERR_MODE_TRANSITION and the mode stays', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await expect(kiosk.closeMeeting()).rejects.toMatchObject({ code: 'ERR_MODE_TRANSITION' });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await expect(kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' })).rejects.toMatchObject({ code: 'ERR_MODE_TRANSITION' });
    await expect(kiosk.startTransferAcceptance(TRANSFER)).rejects.toMatchObject({ code: 'ERR_MODE_TRANSITION' });
    await expect(kiosk.cancel()).rejects.toMatchObject({ code: 'ERR_MODE_TRANSITION' });
    expect(kiosk.status().mode).toMatchObject({ kind: 'meeting', meeting: { id: MEETING } });
    // The refused ad-hoc meeting left no event behind.
    expect(kiosk.status().queueLength).toBe(0);
  });

  it('when the secretary names a meeting or transfer the configuration lacks, or an empty title, then the precise error code', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await expect(kiosk.openMeeting({ kind: 'scheduled', meetingId: 'no-such-meeting' })).rejects.toMatchObject({ code: 'ERR_MEETING_NOT_FOUND' });
    await expect(kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '   ' })).rejects.toMatchObject({ code: 'ERR_MEETING_INVALID' });
    await expect(kiosk.startTransferAcceptance('no-such-transfer')).rejects.toMatchObject({ code: 'ERR_TRANSFER_NOT_FOUND' });
    expect(kiosk.status().mode).toEqual({ kind: 'idle' });
  });

  it('when a transfer is accepted at the kiosk, then the server double verifies both cards and the transfer leaves the pending list', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    expect(kiosk.pendingTransfers().map((transfer) => transfer.id)).toEqual([TRANSFER]);
    await kiosk.startTransferAcceptance(TRANSFER);
    expect(kiosk.status().mode).toMatchObject({ kind: 'transfer', step: 'member', transfer: { id: TRANSFER, name: '陈明' } });
    expect(await kiosk.tap(new MemoryTransport(cards.transferee.applet))).toMatchObject({ kind: 'transfer-member-ok' });
    expect(kiosk.status().mode).toMatchObject({ kind: 'transfer', step: 'secretary', member: { name: '陈明' } });
    expect(await kiosk.tap(new MemoryTransport(cards.secretary.applet))).toMatchObject({ kind: 'transfer-accepted', secretary: { name: '李书记' } });
    expect(kiosk.pendingTransfers()).toEqual([]);
    await kiosk.syncNow();
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.payload)).toMatchObject([{ type: 'transfer.accept', transfer: TRANSFER, member: '3301880005' }]);
    await expect(kiosk.startTransferAcceptance(TRANSFER)).rejects.toMatchObject({ code: 'ERR_TRANSFER_ALREADY_ACCEPTED' });
  });

  it('when a transfer acceptance is cancelled after the member tapped, then the kiosk is idle and nothing was recorded', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.startTransferAcceptance(TRANSFER);
    await kiosk.tap(new MemoryTransport(cards.transferee.applet));
    await kiosk.cancel();
    expect(kiosk.status()).toMatchObject({ mode: { kind: 'idle' }, queueLength: 0 });
  });

  it('when the kiosk is idle, then a tap answers not-ready/idle', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    expect(await kiosk.tap(new MemoryTransport(cards.member.applet))).toMatchObject({ kind: 'not-ready', why: 'idle' });
  });
});

describe('admin PIN', () => {
  it('when no PIN is set, then verifying says ERR_ADMIN_PIN_NOT_SET; once set, only the right PIN verifies and the database holds no PIN', async () => {
    const kiosk = await world.open({ autoSync: false });
    await expect(kiosk.verifyAdminPin('1234')).rejects.toMatchObject({ code: 'ERR_ADMIN_PIN_NOT_SET' });
    await kiosk.setAdminPin('246810');
    expect(kiosk.status().adminPinSet).toBe(true);
    expect(await kiosk.verifyAdminPin('246810')).toBe(true);
    expect(await kiosk.verifyAdminPin('246811')).toBe(false);
    await kiosk.close();
    const db = new Database(join(world.dataDir, KIOSK_DB_FILE), { readonly: true });
    const row = db.prepare('SELECT hash, salt, params FROM admin_pin').get() as { hash: string; salt: string; params: string };
    db.close();
    expect(JSON.stringify(row)).not.toContain('246810');
    expect(JSON.parse(row.params)).toMatchObject({ N: 32_768, r: 8, p: 1 });
  });

  it('when the PIN is changed, then the current PIN is required', async () => {
    const kiosk = await world.open({ autoSync: false });
    await kiosk.setAdminPin('1357');
    await expect(kiosk.setAdminPin('2468')).rejects.toMatchObject({ code: 'ERR_ADMIN_PIN_WRONG' });
    await expect(kiosk.setAdminPin('2468', '0000')).rejects.toMatchObject({ code: 'ERR_ADMIN_PIN_WRONG' });
    await kiosk.setAdminPin('2468', '1357');
    expect(await kiosk.verifyAdminPin('2468')).toBe(true);
  });

  it('when the PIN is not 4 to 12 digits, then ERR_ADMIN_PIN_FORMAT', async () => {
    const kiosk = await world.open({ autoSync: false });
    for (const pin of ['123', 'abcd', '1234567890123', '12 34']) await expect(kiosk.setAdminPin(pin)).rejects.toMatchObject({ code: 'ERR_ADMIN_PIN_FORMAT' });
  });

  it('when wrong PINs are tried in a row, then the pad locks, even for the right PIN, until the lock time has passed', async () => {
    let offsetMs = 0;
    const kiosk = await world.open({ autoSync: false, clock: clockWithOffset(480, () => new Date(Date.now() + offsetMs)) });
    await kiosk.setAdminPin('8642');
    for (let attempt = 0; attempt < PIN_ATTEMPTS; attempt++) expect(await kiosk.verifyAdminPin('0000')).toBe(false);
    await expect(kiosk.verifyAdminPin('8642')).rejects.toMatchObject({ code: 'ERR_ADMIN_PIN_LOCKED' });
    offsetMs = PIN_LOCK_MS + 1;
    expect(await kiosk.verifyAdminPin('8642')).toBe(true);
  });
});

describe('events the facade writes', () => {
  it('when a member checks in through the facade, then the stored event verifies with the kiosk key it enrolled', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    await kiosk.syncNow();
    const [stored] = world.contract.eventsOf(kiosk.kioskId);
    const key = world.contract.kiosks.get(kiosk.kioskId)!.key;
    expect(await verifyEvent(stored!.jws, key)).toMatchObject({ type: 'checkin', kiosk: kiosk.kioskId, org: 'branch-7', seq: 1 });
  });
});
