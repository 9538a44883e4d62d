import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { KIOSK_BRANCH, seedCounty, startLocalServer, type County, type CountyMember, type LocalServer } from '../../scripts/bench/kiosk-county.ts';
import { RefusedCheckinListSchema } from '../../server/schemas/meetings.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { HeldCard } from '../kiosk/support/held-card.ts';
import { attendance, loggedEvents } from '../support/kiosk-server-events.ts';

/*
 * Two kiosks of one branch stand at two doors of one meeting, and the secretary closes it at the main door
 * (书记管理 → 结束会议). The side door hears of it only when the server refuses one of its check-ins as too late:
 * from then it is out of the meeting, as if it had closed it itself. Real kiosk cores on their own data folders,
 * a real server on a loopback port seeded through its HTTP API, the members' reference cards tapped in memory.
 * The side door is online and syncs by itself, as kiosks do: each tap goes up at once, the configuration once a minute.
 */

let root: string;
let server: LocalServer;
let county: County;
let door: Kiosk;
let sideDoor: Kiosk;

const tap = (kiosk: Kiosk, card: CountyMember): Promise<TapResult> => kiosk.tap(new MemoryTransport(card.applet));
const listed = (kiosk: Kiosk): string[] => kiosk.scheduledMeetings().map((meeting) => meeting.id);
const sideDoorDir = (): string => join(root, 'side-door');

async function restartSideDoor(): Promise<void> {
  await sideDoor.close();
  sideDoor = await Kiosk.open({ dataDir: sideDoorDir(), autoSync: false });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mic-kiosk-closed-elsewhere-'));
  server = await startLocalServer({ dataDir: join(root, 'server') });
  county = await seedCounty(server.api, { serverDataDir: server.dataDir, members: 5, meetings: 1 });
  const secondToken = await server.api.post<{ token: string }>('/api/v1/kiosks/enrolment-tokens', { org: KIOSK_BRANCH.code });
  door = await Kiosk.open({ dataDir: join(root, 'door'), autoSync: false });
  await door.enroll(server.url, county.enrolmentToken, '正门签到机');
  sideDoor = await Kiosk.open({ dataDir: sideDoorDir() });
  await sideDoor.enroll(server.url, secondToken.token, '侧门签到机');
});

afterAll(async () => {
  await door?.close();
  await sideDoor?.close();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a meeting closed at the other door', () => {
  it('when the side door uploads a check-in the server refuses as after the close, then it leaves the meeting, refuses the card being read, no longer offers the meeting, and does not go back into it after a restart', async () => {
    const [meeting] = county.meetingIds;
    const [early, onTime, late, slowCard, next] = county.members;
    await door.openMeeting({ kind: 'scheduled', meetingId: meeting! });
    const opened = await sideDoor.openMeeting({ kind: 'scheduled', meetingId: meeting! });
    expect(await tap(sideDoor, early!)).toMatchObject({ kind: 'checked-in' });
    expect(await tap(door, onTime!)).toMatchObject({ kind: 'checked-in' });
    await door.closeMeeting();
    await door.syncNow();
    const close = (await loggedEvents(server.url, join(root, 'door'))).find((event) => event.payload.type === 'meeting.close')!;

    // A card is being read on the side door's second reader while the next member taps on the first.
    const slow = new HeldCard(slowCard!.applet, 'side-door-2');
    const reading = sideDoor.tap(slow);
    await slow.signing;
    // The side door has not heard of the close: it greets the member, and the tap goes up at once.
    expect(await tap(sideDoor, late!)).toMatchObject({ kind: 'checked-in' });
    try {
      await expect.poll(() => sideDoor.status().mode.kind).toBe('idle');
    } finally {
      slow.letGo();
    }
    expect(await reading).toMatchObject({ kind: 'refused', reason: 'meeting-closed', person: { name: slowCard!.name } });
    expect(sideDoor.status()).toMatchObject({ mode: { kind: 'idle', closedElsewhere: opened }, queueLength: 0, rejectedEvents: 1 });
    expect(sideDoor.rejectedEvents()).toMatchObject([{ type: 'checkin', code: 'ERR_MEETING_CLOSED' }]);
    expect(await tap(sideDoor, next!)).toMatchObject({ kind: 'not-ready', why: 'meeting-ended' });

    // Its configuration was fetched before the close and still schedules the meeting: the refusal keeps it off the list.
    expect(Date.parse(sideDoor.status().config.fetchedAt!)).toBeLessThan(Date.parse(close.payload.at));
    expect(listed(sideDoor)).toEqual([]);
    await expect(sideDoor.openMeeting({ kind: 'scheduled', meetingId: meeting! })).rejects.toMatchObject({ code: 'ERR_MEETING_CLOSED' });
    await restartSideDoor();
    expect(sideDoor.status().mode).toEqual({ kind: 'idle' });
    expect(listed(sideDoor)).toEqual([]);

    // The side door's tap from before the close counts; the one after it is refused; it signed no close of its own.
    expect((await attendance(server.api, meeting!)).map((row) => row.member).sort()).toEqual([early!.member, onTime!.member].sort());
    const refused = RefusedCheckinListSchema.parse(await server.api.get(`/api/v1/meetings/${meeting}/refused-checkins`)).refused;
    expect(refused.map((row) => [row.member, row.code, row.kioskName])).toEqual([[late!.member, 'ERR_MEETING_CLOSED', '侧门签到机']]);
    expect((await loggedEvents(server.url, sideDoorDir())).map((event) => event.payload.type)).toEqual(['checkin']);
  });

  it('when an ad-hoc meeting opened at the side door is closed at the main door, then the side door leaves it on the refusal and a restart does not go back into it', async () => {
    const [first, second] = county.members;
    const meeting = await sideDoor.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '第一党小组会' });
    await sideDoor.syncNow();
    await door.syncNow();
    expect(listed(door)).toEqual([meeting.id]);
    await door.openMeeting({ kind: 'scheduled', meetingId: meeting.id });
    expect(await tap(door, first!)).toMatchObject({ kind: 'checked-in' });
    await door.closeMeeting();
    await door.syncNow();

    expect(await tap(sideDoor, second!)).toMatchObject({ kind: 'checked-in' });
    await sideDoor.syncNow();
    expect(sideDoor.status().mode).toEqual({ kind: 'idle', closedElsewhere: meeting });
    await restartSideDoor();
    expect(sideDoor.status().mode).toEqual({ kind: 'idle' });
    expect((await attendance(server.api, meeting.id)).map((row) => row.member)).toEqual([first!.member]);
  });
});
