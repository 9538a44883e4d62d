import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { HeldCard } from './support/held-card.ts';
import { contractContent, harness, type Harness } from './support/kiosk-harness.ts';
import { MEETING, issueCards } from './support/world.ts';

/*
 * A meeting closed at another kiosk of the branch (or by the branch): this kiosk hears of it only from the server's
 * refusal of one of its check-ins (ERR_MEETING_CLOSED), which the contract double gives as the real server does.
 */

const cards = await issueCards();

let world: Harness;
beforeEach(async () => {
  world = await harness(cards);
});
afterEach(async () => {
  await world.cleanup();
});

const member = (): MemoryTransport => new MemoryTransport(cards.member.applet);
const acceptedTypes = (kioskId: string): string[] => world.contract.eventsOf(kioskId).map((event) => event.payload.type);

describe('a meeting closed elsewhere', () => {
  it('when the server refuses a check-in to the scheduled meeting as closed, then the kiosk leaves it with no close of its own, and neither offers it, opens it, nor goes back into it after a restart', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const meeting = await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    world.contract.closeMeeting(MEETING);
    // Nothing has told the kiosk yet: it greets the member.
    expect(await kiosk.tap(member())).toMatchObject({ kind: 'checked-in' });

    await kiosk.syncNow();
    expect(kiosk.rejectedEvents()).toMatchObject([{ type: 'checkin', code: 'ERR_MEETING_CLOSED' }]);
    expect(kiosk.status()).toMatchObject({ mode: { kind: 'idle', closedElsewhere: meeting }, queueLength: 0 });
    // The double still schedules it: the kiosk's record of the refusal keeps it off the list.
    expect(kiosk.scheduledMeetings()).toEqual([]);
    await expect(kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING })).rejects.toMatchObject({ code: 'ERR_MEETING_CLOSED' });
    // A member who taps now hears the meeting has ended, not that check-in has yet to start.
    expect(await kiosk.tap(member())).toMatchObject({ kind: 'not-ready', why: 'meeting-ended' });
    await kiosk.syncNow();
    expect(acceptedTypes(kiosk.kioskId)).toEqual([]);

    await kiosk.close();
    const restarted = await world.open({ autoSync: false });
    expect(restarted.status().mode).toEqual({ kind: 'idle' });
    expect(restarted.scheduledMeetings()).toEqual([]);
  });

  it('when the server refuses a check-in to the ad-hoc meeting opened here as closed, then the kiosk leaves it with no close of its own and a restart does not go back into it', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const meeting = await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '第一党小组会' });
    world.contract.closeMeeting(meeting.id);
    expect(await kiosk.tap(member())).toMatchObject({ kind: 'checked-in' });

    await kiosk.syncNow();
    expect(kiosk.rejectedEvents()).toMatchObject([{ type: 'checkin', code: 'ERR_MEETING_CLOSED' }]);
    expect(kiosk.status().mode).toEqual({ kind: 'idle', closedElsewhere: meeting });
    expect(acceptedTypes(kiosk.kioskId)).toEqual(['meeting.open']);

    await kiosk.close();
    const restarted = await world.open({ autoSync: false });
    expect(restarted.status().mode).toEqual({ kind: 'idle' });
  });

  it('when the secretary confirms 结束会议 after the kiosk has left the meeting closed elsewhere, then it is done quietly, with no close of its own, and opening the next meeting clears the notice', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    const meeting = await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '第二党小组会' });
    world.contract.closeMeeting(meeting.id);
    expect(await kiosk.tap(member())).toMatchObject({ kind: 'checked-in' });
    await kiosk.syncNow();
    expect(kiosk.status().mode).toEqual({ kind: 'idle', closedElsewhere: meeting });

    await kiosk.closeMeeting();
    await kiosk.syncNow();
    expect(acceptedTypes(kiosk.kioskId)).toEqual(['meeting.open']);
    expect(kiosk.status().mode).toEqual({ kind: 'idle', closedElsewhere: meeting });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    expect(kiosk.status().mode).toMatchObject({ kind: 'meeting', meeting: { id: MEETING } });
  });

  it('when a card is being read as the kiosk learns its meeting was closed, then that tap is refused as too late and nothing is recorded', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    world.contract.closeMeeting(MEETING);
    expect(await kiosk.tap(new MemoryTransport(cards.member.applet, 'reader-1'))).toMatchObject({ kind: 'checked-in' });

    const slow = new HeldCard(cards.secretary.applet, 'reader-2');
    const tapping = kiosk.tap(slow);
    await slow.signing;
    await kiosk.syncNow();
    slow.letGo();
    expect(await tapping).toMatchObject({ kind: 'refused', reason: 'meeting-closed', person: { name: '李书记' } });
    expect(kiosk.status()).toMatchObject({ mode: { kind: 'idle' }, queueLength: 0 });
  });

  it('when the configuration stops sending the meeting the kiosk is in, then the kiosk stays in it: a meeting outside the window is not closed', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await world.contract.setConfig({ ...contractContent(cards), meetings: [] });
    await kiosk.syncNow();
    expect(kiosk.status().config).toMatchObject({ available: true, meetings: 0 });
    expect(kiosk.status().mode).toMatchObject({ kind: 'meeting', meeting: { id: MEETING } });
    expect(await kiosk.tap(member())).toMatchObject({ kind: 'checked-in' });
  });
});
