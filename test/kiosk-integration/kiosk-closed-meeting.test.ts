import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownStatus } from '../../console/ui/meetings/meeting-status.ts';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { KIOSK_BRANCH, seedCounty, startLocalServer, type County, type CountyMember, type LocalServer } from '../../scripts/bench/kiosk-county.ts';
import { MeetingSchema, RefusedCheckinListSchema } from '../../server/schemas/meetings.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { attendance, loggedEvents } from '../support/kiosk-server-events.ts';

/*
 * A secretary closes a meeting at the kiosk (书记管理 → 结束会议: "after closing, nobody can check in to it any more").
 * Real kiosk cores on their own data folders, a real server on a loopback port seeded through its HTTP API, and the
 * members' reference cards tapped in memory. Two kiosks of the same branch stand at two doors of one meeting; the
 * second one is offline until a test has it sync, as a kiosk may be for weeks.
 */

let root: string;
let server: LocalServer;
let county: County;
let door: Kiosk;
let sideDoor: Kiosk;

const tap = (kiosk: Kiosk, card: CountyMember): Promise<TapResult> => kiosk.tap(new MemoryTransport(card.applet));
const listed = (kiosk: Kiosk): string[] => kiosk.scheduledMeetings().map((meeting) => meeting.id);
const meetingView = async (id: string) => MeetingSchema.parse(await server.api.get(`/api/v1/meetings/${id}`));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mic-kiosk-closed-'));
  server = await startLocalServer({ dataDir: join(root, 'server') });
  county = await seedCounty(server.api, { serverDataDir: server.dataDir, members: 4, meetings: 1 });
  const secondToken = await server.api.post<{ token: string }>('/api/v1/kiosks/enrolment-tokens', { org: KIOSK_BRANCH.code });
  door = await Kiosk.open({ dataDir: join(root, 'door'), autoSync: false });
  await door.enroll(server.url, county.enrolmentToken, '正门签到机');
  sideDoor = await Kiosk.open({ dataDir: join(root, 'side-door'), autoSync: false });
  await sideDoor.enroll(server.url, secondToken.token, '侧门签到机');
});

afterAll(async () => {
  await door?.close();
  await sideDoor?.close();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a meeting closed at the kiosk', () => {
  it('when the secretary closes the scheduled meeting, then the server has it ended at that time, the console shows it over, and neither kiosk offers it again', async () => {
    const [meeting] = county.meetingIds;
    const [early, onTime, late] = county.members;
    expect(listed(door)).toEqual([meeting]);
    expect(listed(sideDoor)).toEqual([meeting]);
    await door.openMeeting({ kind: 'scheduled', meetingId: meeting! });
    await sideDoor.openMeeting({ kind: 'scheduled', meetingId: meeting! });

    // The side door is offline: its tap waits in its outbox while the meeting is closed at the main door.
    expect(await tap(sideDoor, early!)).toMatchObject({ kind: 'checked-in' });
    expect(await tap(door, onTime!)).toMatchObject({ kind: 'checked-in' });
    await door.closeMeeting();
    expect(listed(door)).toEqual([]);
    await expect(door.openMeeting({ kind: 'scheduled', meetingId: meeting! })).rejects.toMatchObject({ code: 'ERR_MEETING_CLOSED' });
    expect(await door.syncNow()).toMatchObject({ online: true, queueLength: 0, rejectedEvents: 0 });

    const close = (await loggedEvents(server.url, join(root, 'door'))).find((event) => event.payload.type === 'meeting.close')!;
    const closed = await meetingView(meeting!);
    expect(closed).toMatchObject({ status: 'closed', origin: 'scheduled', closedAt: new Date(close.payload.at).toISOString(), checkedIn: 1 });
    // Planned to end three hours from now, but closed: 已结束, not 进行中.
    expect(Date.parse(closed.endsAt!)).toBeGreaterThan(Date.now());
    expect(shownStatus(closed, new Date())).toBe('closed');
    expect(listed(door)).toEqual([]);

    // The side door did not hear of it: a member it greets now is too late for the server.
    expect(await tap(sideDoor, late!)).toMatchObject({ kind: 'checked-in' });
    expect(await sideDoor.syncNow()).toMatchObject({ online: true, queueLength: 0, rejectedEvents: 1 });
    expect(sideDoor.rejectedEvents()).toMatchObject([{ type: 'checkin', code: 'ERR_MEETING_CLOSED' }]);
    // The tap from before the close counts, however late it came.
    expect((await attendance(server.api, meeting!)).map((row) => row.member).sort()).toEqual([early!.member, onTime!.member].sort());
    const refused = RefusedCheckinListSchema.parse(await server.api.get(`/api/v1/meetings/${meeting}/refused-checkins`)).refused;
    expect(refused.map((row) => [row.member, row.code, row.reason, row.kioskName])).toEqual([[late!.member, 'ERR_MEETING_CLOSED', 'meeting-closed', '侧门签到机']]);
    // Its next configuration no longer offers the meeting.
    expect(listed(sideDoor)).toEqual([]);
  });

  it('when the secretary closes an ad-hoc meeting opened at the kiosk, then neither kiosk lists it among the meetings to open after syncing', async () => {
    const meeting = await door.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '第一党小组会' });
    expect(await tap(door, county.members[3]!)).toMatchObject({ kind: 'checked-in' });
    await door.syncNow();
    // Open on the server, so the other door may join it.
    expect(listed(sideDoor)).toEqual([]);
    await sideDoor.syncNow();
    expect(listed(sideDoor)).toEqual([meeting.id]);

    await door.closeMeeting();
    await door.syncNow();
    await sideDoor.syncNow();
    expect(await meetingView(meeting.id)).toMatchObject({ status: 'closed', origin: 'ad_hoc', checkedIn: 1 });
    expect(listed(door)).toEqual([]);
    expect(listed(sideDoor)).toEqual([]);
  });
});
